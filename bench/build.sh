#!/usr/bin/env bash
# Build benchmark: times `lookout build` (release) on generated campaigns of 1,000 and 10,000
# pages (seed 42), against a baseline measured in the same run: copying the 10,000-page
# campaign's Markdown tree (the least any build must do is read it all and write as much).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --bin lookout --quiet
python3 bench/gen_campaign.py "$work/c1k" --pages 1000 --seed 42
python3 bench/gen_campaign.py "$work/c10k" --pages 10000 --seed 42
files=$(find "$work/c10k/pages" -name '*.md' | wc -l)

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
best_of() { local best=999999 t; for _ in 1 2 3; do t=$(seconds "$@"); best=$(echo "if ($t < $best) $t else $best" | bc -l); done; echo "$best"; }

baseline=$(best_of cp -r "$work/c10k/pages" "$work/copy-$RANDOM")
t1k=$(best_of target/release/lookout build --root "$work/c1k" --out "$work/out1k")
t10k=$(best_of target/release/lookout build --root "$work/c10k" --out "$work/out10k")
out_files=$(find "$work/out10k" -type f | wc -l)
peak=$( { /usr/bin/time -f %M target/release/lookout build --root "$work/c10k" --out "$work/out10k" >/dev/null; } 2>&1 | tail -1)

printf 'markdown files (10k campaign): %s, output files: %s\n' "$files" "$out_files"
printf 'baseline  cp -r of the 10k Markdown tree: %.3f s\n' "$baseline"
printf 'build 1,000 pages:  %.3f s\n' "$t1k"
printf 'build 10,000 pages: %.3f s  (%.1fx the baseline; %.1fx the 1,000-page build)\n' "$t10k" "$(echo "$t10k / $baseline" | bc -l)" "$(echo "$t10k / $t1k" | bc -l)"
printf 'peak memory, 10,000 pages: %s KiB\n' "$peak"
