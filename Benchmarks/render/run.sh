#!/usr/bin/env bash
# Render benchmark: how long diagrams take to draw, in process (libgvc behind one lock)
# against the `dot -Tsvg` command on the same DOT text. Views: the demo graph whole, an
# explanation on it, and an ego network of about 200 entities in a generated network.
# Prints a markdown table and appends it to results.md. A script, not a timed test.
# Usage: bash Benchmarks/render/run.sh [--runs R] [--entities N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=5
entities=20000
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --entities) entities="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$root"
bash scripts/setup.sh
if ! command -v dot >/dev/null; then
  echo "[render] installing the graphviz command (for the comparison only)" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends graphviz >/dev/null
fi
echo "[render] building sanctions-graph (release)" >&2
swift build -c release --static-swift-stdlib --product sanctions-graph >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/sanctions-graph"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
asof=2026-11-29
demo="Graphs/demo-rare-earths.ftm.json"
gen="$work/gen-$entities.ftm.json"
"$bin" generate --entities "$entities" --seed 1 -o "$gen" >/dev/null 2>&1

# An entity whose ego network (depth 2 or 3, at most 15 ties each) has 150 to 250 entities.
focus=""
depth=2
for d in 2 3; do
  for id in $("$bin" centrality "$gen" --measure degree --top 40 --format csv -q | tail -n +2 | cut -d, -f1); do
    n=$("$bin" render "$gen" --focus "$id" --depth "$d" --max-ties 15 --max-entities 100000 --rule ofac --as-of "$asof" \
        -o "$work/probe.dot" -q 2>&1 | sed -n 's/^wrote [^:]*: \([0-9]*\) entities.*/\1/p')
    if [ -n "$n" ] && [ "$n" -ge 150 ] && [ "$n" -le 250 ]; then focus="$id"; depth="$d"; break 2; fi
  done
done
[ -n "$focus" ] || { echo "[render] no entity with an ego network of 150-250 entities" >&2; exit 1; }

best() { sort -n | head -1; }
# in-process: best render time (layout + SVG) reported by --timings; also the entity and tie counts.
inproc() {  # name, graph, args...
  local name="$1" graph="$2"; shift 2
  local times=() line
  for _ in $(seq "$runs"); do
    line=$("$bin" render "$graph" "$@" --as-of "$asof" --timings -q -o "$work/$name.svg" 2>&1)
    times+=("$(sed -n 's/.*render \([0-9.]*\) s.*/\1/p' <<<"$line")")
  done
  "$bin" render "$graph" "$@" --as-of "$asof" -q -o "$work/$name.dot" 2>/dev/null
  sed -n 's/^wrote [^:]*: \([0-9]*\) entities, \([0-9]*\) ties.*/\1 entities, \2 ties/p' <<<"$line" > "$work/$name.size"
  sed -n 's/.*, \([a-z]*\) layout;.*/\1/p' <<<"$line" > "$work/$name.engine"
  printf '%s\n' "${times[@]}" | best
}
# the dot command on the same DOT text (its `layout` attribute picks the same engine).
command_time() {  # name
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s.%N); dot -Tsvg "$work/$1.dot" -o "$work/$1.cmd.svg" 2>/dev/null; e=$(date +%s.%N)
    printf '%.3f\n' "$(echo "$e - $s" | bc)"
  done | best
}
rows=()
for spec in "demo-whole|$demo|--rule|ofac" \
            "demo-explain|$demo|--explain|c-baikal-foil-products|--rule|ofac" \
            "demo-ego-clusters|$demo|--focus|p-viktor-stolnik|--depth|2|--rule|uk|--cluster|sector" \
            "generated-ego-200|$gen|--focus|$focus|--depth|$depth|--max-ties|15|--rule|ofac"; do
  IFS='|' read -r -a parts <<<"$spec"
  name="${parts[0]}"; graph="${parts[1]}"; args=("${parts[@]:2}")
  echo "[render] $name" >&2
  t_in=$(inproc "$name" "$graph" "${args[@]}")
  t_cmd=$(command_time "$name")
  rows+=("| $name | $(cat "$work/$name.size") | $(cat "$work/$name.engine") | $t_in | $t_cmd |")
done
table=$(
  echo "## Render benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Graphviz $(dot -V 2>&1 | sed 's/.*version //'); $(nproc) cores; best of $runs; generated network: $entities entities, seed 1, ego of $focus to depth $depth, at most 15 ties each"
  echo "- in process: layout and SVG through libgvc (\`render --timings\`, after loading and building the DOT), including the Graphviz context each new process creates once (plugin loading, ~15 ms; a long-lived process pays it once); command: \`dot -Tsvg\` on the same DOT, process start included"
  echo
  echo "| view | size | engine | in process (s) | dot -Tsvg (s) |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
)
echo "$table"
{ echo; echo "$table"; } >> "$here/results.md"
