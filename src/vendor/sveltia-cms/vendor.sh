#!/usr/bin/env bash
# Vendors Sveltia CMS (npm @sveltia/cms, MIT) for the browser editor `lookout init --cms`
# writes into a campaign's static/admin/, so /admin/ loads nothing from a CDN:
#   sveltia-cms.js   the classic-script build (dist/sveltia-cms.js), with the three fonts it
#                    would fetch from jsDelivr pointed at /admin/fonts/ instead
#   fonts/           those fonts, from the package's own assets (OFL-1.1 / Apache-2.0)
#   LICENSE.txt      the licences of all of the above
# Run it to move to another version (then run the tests: tests/browser/cms.test.mjs loads
# the editor under /admin/'s CSP).   src/vendor/sveltia-cms/vendor.sh [VERSION]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-$(cat "$here/VERSION")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@sveltia/cms@$version" >/dev/null && tar xzf sveltia-cms-*.tgz)
pkg=$work/package
mkdir -p "$here/fonts"
declare -A fonts=(
  [source-sans-3:vf@5.3.0/latin-wght-normal.woff2]=source-sans-3-latin-wght-normal
  [noto-mono@5.3.0/latin-400-normal.woff2]=noto-mono-latin-400-normal
  [material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2]=material-symbols-outlined-latin-wght-normal
)
script=$(cat "$pkg/dist/sveltia-cms.js")
for url in "${!fonts[@]}"; do
  name=${fonts[$url]}
  cp "$pkg"/npm/assets/"$name"-*.woff2 "$here/fonts/$name.woff2"
  full="https://cdn.jsdelivr.net/fontsource/fonts/$url"
  grep -qF "$full" <<<"$script" || { echo "vendor: $full is not in sveltia-cms.js $version: check the font URLs" >&2; exit 1; }
  script=${script//"$full"//admin/fonts/$name.woff2}
done
printf '%s' "$script" >"$here/sveltia-cms.js"
if grep -q 'cdn.jsdelivr.net' "$here/sveltia-cms.js"; then
  echo "vendor: sveltia-cms.js still names cdn.jsdelivr.net" >&2
  exit 1
fi
{
  echo "Sveltia CMS $version (https://github.com/sveltia/sveltia-cms), vendored by vendor.sh."
  echo
  cat "$pkg/LICENSE.txt"
  for name in "${fonts[@]}"; do
    echo
    echo "---- fonts/$name.woff2 ----"
    cat "$pkg/npm/assets/${name%-latin-*}.LICENSE.txt"
  done
} >"$here/LICENSE.txt"
echo "$version" >"$here/VERSION"
echo "vendored Sveltia CMS $version into $here"
