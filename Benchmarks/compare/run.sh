#!/usr/bin/env bash
# Compares this checkout with an earlier revision on the same machine, in one run: both are
# built in release, every command runs alternately with each build (best of R), and the table
# gives each timing the commands report (`--timings`) and the peak RSS, with the ratio
# this ÷ base. For restructurings that must not change speed (issue 15 §7): ratios near 1.
# Usage: bash Benchmarks/compare/run.sh [--base REV] [--entities N[,N…]] [--runs R] [--only LABEL[,LABEL…]] [--no-append]
# --only takes command labels as the table prints them ("blocked uk,pagerank").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
base_rev=919cc4b
sizes=100000
runs=3
append=1
only=""
while (($#)); do
  case "$1" in
    --base) base_rev="$2"; shift 2 ;;
    --entities) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-append) append=0; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $sizes =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "--entities takes a comma-separated list of positive counts" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "--runs takes a positive count" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time, Debian package 'time')" >&2; exit 1; }
cd "$root"
bash scripts/setup.sh
base_sha=$(git rev-parse --short "$base_rev^{commit}")
head_sha=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo "+changes")
work="$root/.build-compare"
mkdir -p "$work"
# The base revision in a worktree of its own (ignored by git: .build-*), built in release.
if [ ! -d "$work/base-$base_sha" ]; then
  git worktree add --detach "$work/base-$base_sha" "$base_sha" >&2
fi
echo "[compare] building base $base_sha and this checkout $head_sha (release)" >&2
(cd "$work/base-$base_sha" && swift build -c release --static-swift-stdlib --product sanctions-graph >&2)
swift build -c release --static-swift-stdlib --product sanctions-graph >&2
base_bin="$(cd "$work/base-$base_sha" && swift build -c release --static-swift-stdlib --show-bin-path)/sanctions-graph"
head_bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/sanctions-graph"
results="$work/results-$$.tsv"
: >"$results"
IFS=, read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do
  file="$work/gen-$n.ftm.json"
  if [ ! -s "$file" ]; then
    echo "[compare] generating $n entities" >&2
    "$head_bin" generate --entities "$n" --seed 1 -o "$file.partial"
    mv "$file.partial" "$file"
  fi
  commands=(
    "blocked|blocked $file --rule ofac --as-of 2026-11-29 --format csv --timings -q"
    "blocked uk|blocked $file --rule uk --as-of 2026-11-29 --format csv --timings -q"
    "rank by relief|rank $file --by relief --rule ofac --as-of 2026-11-29 --top 0 --format csv --timings -q"
    "pagerank|centrality $file --measure pagerank --top 20 --timings"
    "components|components $file --timings"
    "components --strong|components $file --strong --timings"
  )
  for entry in "${commands[@]}"; do
    label="${entry%%|*}"; cmd="${entry#*|}"
    if [ -n "$only" ] && [[ ",$only," != *",$label,"* ]]; then continue; fi
    echo "[compare] $n: $label" >&2
    for _ in $(seq "$runs"); do
      for which in base head; do
        bin=$base_bin; [ "$which" = head ] && bin=$head_bin
        # shellcheck disable=SC2086
        out=$( { /usr/bin/time -f 'rss %M' "$bin" $cmd >/dev/null; } 2>&1 ) || { echo "$which failed: $cmd" >&2; echo "$out" >&2; exit 1; }
        timings=$(grep '^timings:' <<<"$out" | head -1)
        rss=$(sed -n 's/^rss \([0-9]*\)$/\1/p' <<<"$out")
        printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$label" "$which" "$rss" "$timings" >>"$results"
      done
    done
  done
done
table=$(python3 "$here/table.py" "$results" "$base_sha" "$head_sha" "$runs")
rm -f "$results"
echo "$table"
if [ "$append" = 1 ]; then
  { echo; echo "$table"; } >>"$here/results.md"
  echo "[compare] appended to Benchmarks/compare/results.md" >&2
fi
