#!/usr/bin/env bash
# Stages the campaign files the functions read at run time into infra/bundle/, which
# template.yaml packages as a Lambda layer (CampaignBundle, mounted at /opt):
#
#   infra/bundle/lookout/questionnaire.yaml       -> LOOKOUT_QUESTIONNAIRE=/opt/lookout/questionnaire.yaml
#   infra/bundle/lookout/shell/shell.<lang>.html  -> LOOKOUT_SHELL_DIR=/opt/lookout/shell
#
# Usage: infra/stage-bundle.sh [CAMPAIGN_DIR] [BUILT_SITE_DIR]   (defaults: content public)
# Run it after `lookout build` and before `sam build`, every time the questionnaire or the
# site's templates change.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
campaign=${1:-$root/content}
site=${2:-$root/public}
out=$root/infra/bundle/lookout

fail() { echo "stage-bundle: $*" >&2; exit 1; }

[ -f "$campaign/questionnaire.yaml" ] || fail "no questionnaire at $campaign/questionnaire.yaml"
shopt -s nullglob
shells=("$site"/_lookout/shell.*.html)
[ ${#shells[@]} -gt 0 ] ||
  fail "no page shells in $site/_lookout/ - build the site first: lookout build --root $campaign --out $site"

rm -rf "$root/infra/bundle"
mkdir -p "$out/shell"
cp "$campaign/questionnaire.yaml" "$out/questionnaire.yaml"
cp "${shells[@]}" "$out/shell/"
echo "stage-bundle: staged questionnaire.yaml and ${#shells[@]} page shell(s) in infra/bundle/lookout/"
