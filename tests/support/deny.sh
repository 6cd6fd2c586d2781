#!/usr/bin/env bash
# cargo-deny over the dependency tree with tests/deny.toml: licences, bans (duplicate major
# versions are warnings) and sources always; advisories only when the RustSec database can be
# fetched, since test machines may reach only the package registries.
set -euo pipefail
cd "$(dirname "$0")/../.."
deny=tests/.venv/bin/cargo-deny
[ -x "$deny" ] || { echo "deny: $deny is missing; run tests/support/install.sh" >&2; exit 2; }

"$deny" --log-level error --config tests/deny.toml check bans licenses sources

if timeout 20 git ls-remote --exit-code https://github.com/RustSec/advisory-db HEAD >/dev/null 2>&1; then
  "$deny" --log-level error --config tests/deny.toml check advisories
else
  echo "deny: advisories skipped: the RustSec advisory database (github.com/RustSec/advisory-db) cannot be fetched from this machine"
fi
