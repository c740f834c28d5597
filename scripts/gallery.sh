#!/usr/bin/env bash
# Makes every diagram in the README's gallery under docs/images/ with `sanctions-graph render`.
# The images are never drawn by hand: change a command here, run the script, commit the PNGs.
# Usage: scripts/gallery.sh           (SCRATCH=path uses another build folder than .build)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SCRATCH:-.build}"
bash scripts/setup.sh
echo "gallery: building sanctions-graph (release)..." >&2
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product sanctions-graph >&2
bin="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/sanctions-graph"
mkdir -p docs/images
demo=Graphs/demo-rare-earths.ftm.json
enplus=Graphs/en-plus-2019.ftm.json

# Each line of the README's gallery shows one of these commands, as written here.
render() { echo "+ sanctions-graph render $(printf '%q ' "$@")" >&2; "$bin" render "$@"; }

# Why Baikal Foil Products LLC is blocked under OFAC: the chain of stakes back to the designated roots.
render $demo --explain "Baikal Foil Products LLC" --rule ofac --as-of 2026-11-29 -o docs/images/explain-baikal-foil.png

# Viktor Stolnik's network and its status under the UK rule, grouped by sector.
render $demo --focus p-viktor-stolnik --depth 1 --rule uk --as-of 2026-11-29 --cluster sector -o docs/images/stolnik-uk-sectors.png

# What delisting Viktor Stolnik under OFAC would free, and what stays blocked.
render $demo --relief p-viktor-stolnik --rule ofac --as-of 2026-11-29 -o docs/images/relief-stolnik-ofac.png

# EN+ in June 2018: delisting En+, Rusal and EuroSibEnergo alone frees Rusal and Aughinish, but
# Deripaska's 70% keeps En+ (and EuroSibEnergo under it) blocked: hence his divestment to 44.95%.
render $enplus --relief c-en-plus --relief c-rusal --relief c-eurosibenergo --rule ofac --as-of 2018-06-01 -o docs/images/enplus-2018-relief.png

# The ten entities with the highest PageRank in the demo network, coloured by UK status.
render $demo --top 10 --measure pagerank --rule uk --as-of 2026-11-29 -o docs/images/top10-pagerank.png

# The explorer's pages, as the browser test loads them (headless Chromium).
bash scripts/setup.sh --browser
bash scripts/browser-test.sh "$bin" docs/images

echo "gallery: wrote $(ls docs/images/*.png | wc -l) images under docs/images/" >&2
