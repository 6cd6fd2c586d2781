#!/usr/bin/env bash
# Stages the files the report functions read at run time into infra/bundle/, which
# template.yaml packages as a Lambda layer (CampaignBundle, mounted at /opt): the built site's
# _lookout/ folder, exactly as `lookout build` wrote it.
#
#   infra/bundle/lookout/questionnaire.yaml   -> LOOKOUT_QUESTIONNAIRE=/opt/lookout/questionnaire.yaml
#   infra/bundle/lookout/shell.<lang>.html    -> LOOKOUT_SHELL_DIR=/opt/lookout
#   infra/bundle/lookout/manifest.sha256      the build's hashes of every file in the bundle
#   infra/bundle/lookout/sources.sha256       the build's hashes of the campaign files it used
#
# It refuses, naming the file, when the bundle would not be what the site was built with:
#   - a file of _lookout/ differs from the build's manifest, is missing, or is not in it;
#   - a campaign file (config.yaml, questionnaire.yaml, templates/) changed since the build.
# Whatever the build adds to _lookout/ later (a spam setting, say) is checked the same way.
#
# Usage: infra/stage-bundle.sh [CAMPAIGN_DIR] [BUILT_SITE_DIR] [BUNDLE_DIR]
#        (defaults: content public infra/bundle; tests stage elsewhere)
#        infra/stage-bundle.sh --compare [BUILT_SITE_DIR] [BUNDLE_DIR]   (see below)
# Run it after `lookout build` and before `sam build`, every time the campaign changes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# infra/stage-bundle.sh --compare [BUILT_SITE_DIR] [BUNDLE_DIR]: before uploading a rebuilt
# site, says whether the staged bundle (what the functions were last built from) still matches
# it, naming the files that differ; if not, stage and deploy the functions first.
if [ "${1:-}" = "--compare" ]; then
  site=${2:-$root/public}
  staged=${3:-$root/infra/bundle}/lookout/manifest.sha256
  built=$site/_lookout/manifest.sha256
  [ -f "$built" ] || { echo "stage-bundle: no $built - build the site first" >&2; exit 1; }
  [ -f "$staged" ] || { echo "stage-bundle: nothing staged yet ($staged)" >&2; exit 1; }
  differ=$( (diff <(sort -k2 "$staged") <(sort -k2 "$built") || true) | awk '/^[<>]/ {print $3}' | sort -u | tr '\n' ' ')
  if [ -n "$differ" ]; then
    echo "stage-bundle: the functions' bundle is from another build (${differ% }) - run" \
      "infra/stage-bundle.sh, then sam build and sam deploy, before uploading the site" >&2
    exit 1
  fi
  echo "stage-bundle: the staged bundle matches $site"
  exit 0
fi
campaign=${1:-$root/content}
site=${2:-$root/public}
bundle=${3:-$root/infra/bundle}
out=$bundle/lookout

fail() { echo "stage-bundle: $*" >&2; exit 1; }
[ -d "$campaign" ] || fail "no campaign folder $campaign"
[ -d "$site" ] || fail "no built site at $site - build it first: lookout build --root $campaign --out $site"
campaign=$(cd "$campaign" && pwd)
site=$(cd "$site" && pwd)
from=$site/_lookout
rebuild="build the site again: lookout build --root $campaign --out $site"

[ -f "$from/manifest.sha256" ] && [ -f "$from/sources.sha256" ] ||
  fail "no manifest in $from/ - $rebuild"

# Lines the hash check printed as failing, as "name: why", e.g. "shell.pl.html: FAILED".
check() { # DIR LIST
  (cd "$1" && sha256sum --check --strict "$2" 2>/dev/null | grep -v ': OK$') || true
}

problems=$(check "$from" manifest.sha256)
[ -z "$problems" ] ||
  fail "$from/ is not what the build wrote ($(echo "$problems" | tr '\n' ' ')) - $rebuild"
listed=$(awk '{print $2}' "$from/manifest.sha256" | sort)
present=$(cd "$from" && find . -type f ! -name manifest.sha256 ! -name sources.sha256 | sed 's|^\./||' | sort)
stray=$(comm -13 <(echo "$listed") <(echo "$present"))
[ -z "$stray" ] || fail "$from/ holds files the build did not list: $stray - $rebuild"

changed=$(check "$campaign" "$from/sources.sha256")
[ -z "$changed" ] ||
  fail "the campaign changed since $site was built ($(echo "$changed" | tr '\n' ' ')) - $rebuild"

rm -rf "$out"
mkdir -p "$out"
cp "$from"/* "$out/"
problems=$(check "$out" manifest.sha256)
[ -z "$problems" ] || fail "the copy in $out/ differs: $problems"
shells=$(grep -c ' shell\..*\.html$' "$out/manifest.sha256" || true)
digest=$(sha256sum "$out/manifest.sha256" | cut -d' ' -f1)
echo "stage-bundle: staged questionnaire.yaml and $shells page shell(s) in $out/, as built"
# The stack passes the digest to the functions, which refuse another bundle: keep the saved
# deploy settings in step (`sam deploy --guided` saved them; it asks for BundleSha256 too).
samconfig=${LOOKOUT_SAMCONFIG:-$root/infra/samconfig.toml}
if [ -f "$samconfig" ] && grep -q 'BundleSha256=' "$samconfig"; then
  sed -i -E "s/BundleSha256=(\\\\?\"?)[0-9a-f]*/BundleSha256=\\1$digest/" "$samconfig"
  echo "stage-bundle: BundleSha256=$digest written to $samconfig; now: cd infra && sam build && sam deploy"
else
  echo "stage-bundle: deploy with BundleSha256=$digest (sam deploy --guided asks for it, and saves it)"
fi
