#!/usr/bin/env bash
# Installs what SanctionsGraph needs on a Debian machine, if it is missing: the system
# packages below (through apt-get, as root or with sudo) and a Swift 6 toolchain check.
# Safe to run again: it does nothing when everything is there.
# Usage: scripts/setup.sh [--browser]   (--browser: also Chromium, for the explorer's browser test)
set -euo pipefail

# libgraphviz-dev: Graphviz's C libraries (libgvc, cgraph), linked in process for diagrams.
# pkg-config: how SwiftPM finds them.
PACKAGES=(libgraphviz-dev pkg-config)
# chromium: headless, for scripts/browser-test.sh (the explorer's pages in a real browser).
[ "${1:-}" = "--browser" ] && PACKAGES+=(chromium)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root, or install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
  echo "setup: no 'swift' on PATH; install Swift 6 (https://www.swift.org/install/linux/) and run again" >&2
  exit 1
fi
version=$(swift --version 2>&1 | sed -n 's/.*Swift version \([0-9]*\)\..*/\1/p' | head -1)
if [ -z "$version" ] || [ "$version" -lt 6 ]; then
  echo "setup: Swift 6 or later is needed; found: $(swift --version 2>&1 | head -1)" >&2
  exit 1
fi
