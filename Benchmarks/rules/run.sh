#!/usr/bin/env bash
# Rules benchmark: one full `blocked` computation and `rank --by relief` on a generated
# network, against igraph's PageRank on the same graph, in one run. Prints a markdown table
# and appends it to results.md.
# Usage: bash Benchmarks/rules/run.sh [--entities N] [--runs R]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
entities=1000000
runs=3
while (($#)); do
  case "$1" in
    --entities) entities="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$root"
bash scripts/setup.sh
echo "[rules] building sanctions-graph (release)" >&2
swift build -c release --static-swift-stdlib --product sanctions-graph >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/sanctions-graph"
data="$root/Benchmarks/ingest/data"
mkdir -p "$data"
file="$data/gen-$entities.ftm.json"
if [ ! -s "$file" ]; then
  echo "[rules] generating $entities entities" >&2
  "$bin" generate --entities "$entities" --seed 1 -o "$data/.partial-gen-$entities.ftm.json"
  mv "$data/.partial-gen-$entities.ftm.json" "$file"
fi
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "[rules] creating $venv with igraph" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q igraph >&2
fi
asof=2026-11-29
best() { sort -n | head -1; }
measure() {  # label, then the command; prints the best of $runs for each timing field
  local label="$1"; shift
  for _ in $(seq "$runs"); do "$@" 2>&1 >/dev/null | grep '^timings:' ; done
}
echo "[rules] timing blocked and rank (best of $runs)" >&2
declare -A eval_s rank_s ranked
for rule in ofac eu uk; do
  out=$(measure blocked "$bin" blocked "$file" --rule "$rule" --as-of "$asof" --format csv --timings -q)
  eval_s[$rule]=$(sed -n 's/.*evaluate \([0-9.]*\) s.*/\1/p' <<<"$out" | best)
  out=$(measure rank "$bin" rank "$file" --by relief --rule "$rule" --as-of "$asof" --top 0 --format csv --timings -q)
  rank_s[$rule]=$(sed -n 's/.*rank \([0-9.]*\) s.*/\1/p' <<<"$out" | best)
  ranked[$rule]=$(sed -n 's/.*(\([0-9]*\) ranked).*/\1/p' <<<"$out" | head -1)
done
echo "[rules] timing igraph PageRank on the same graph" >&2
pr=$("$venv/bin/python" "$here/pagerank.py" "$file" --runs "$runs")
pr_best=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["best"])' "$pr")
igraph_version=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["igraph"])' "$pr")
table=$(
  echo "## Rules benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- file: generate --entities $entities --seed 1 ($(du -m "$file" | cut -f1) MB); as of $asof"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "- versions: sanctions-graph $(git -C "$root" rev-parse --short HEAD); igraph $igraph_version (PageRank alone, graph built beforehand)"
  echo "- times: best of $runs; 'evaluate' and 'rank' exclude loading the file"
  echo
  echo "| rule | evaluate s | rank --by relief s (designated ranked) | rank ÷ evaluate | evaluate ÷ igraph PageRank |"
  echo "|---|---:|---:|---:|---:|"
  for rule in ofac eu uk; do
    e=${eval_s[$rule]}; r=${rank_s[$rule]}
    printf '| %s | %s | %s (%s) | %s | %s |\n' "$rule" "$e" "$r" "${ranked[$rule]}" \
      "$(python3 -c "print(f'{$r/$e:.2f}x')")" "$(python3 -c "print(f'{$e/$pr_best:.2f}x')")"
  done
  echo
  echo "igraph PageRank on the same graph: $pr_best s ($pr)"
  echo
  echo "Goals: rank ≤ 20× one full computation; one full OFAC computation faster than igraph's PageRank."
)
echo "$table"
printf '%s\n\n' "$table" >> "$here/results.md"
