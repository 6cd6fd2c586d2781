#!/usr/bin/env bash
# The API contract: schemathesis (tests/.venv, PyPI) against `lookout serve` on a copy of the
# example campaign (embedded store, captcha off), with the OpenAPI document the server makes
# from its questionnaire. Every check runs but those tests/schemathesis.toml excludes (each with
# its reason); the seed and the number of examples are fixed there, so a run can be repeated
# (LOOKOUT_SCHEMATHESIS_SEED=N to try another). Bounded to 120 s. Needs `cargo build --bins`.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
st="$root/tests/.venv/bin/st"
[ -x "$st" ] || { echo "schemathesis: $st is missing; run tests/support/install.sh" >&2; exit 2; }
lookout="$root/target/debug/lookout"
[ -x "$lookout" ] || { echo "schemathesis: $lookout is missing; run cargo build --bins" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lookout-schemathesis.XXXXXX")
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r tests/fixtures/campaign "$work/campaign"
rm -rf "$work/campaign/.lookout"
"$lookout" serve --root "$work/campaign" --port 0 >"$work/serve.log" 2>&1 &
server=$!
address=
for _ in $(seq 1 120); do
  address=$(grep -o 'at http://127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -n 1 | sed 's/^at //') || true
  [ -n "$address" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$address" ]; then
  echo "schemathesis: lookout serve did not start:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi

seed_args=()
[ -n "${LOOKOUT_SCHEMATHESIS_SEED:-}" ] && seed_args=(--seed "$LOOKOUT_SCHEMATHESIS_SEED")
echo "schemathesis: ${address}api/openapi.json"
status=0
# From the scratch folder, so schemathesis's cache (.schemathesis/) goes with it.
(cd "$work" && exec timeout 120 "$st" --config-file "$root/tests/schemathesis.toml" run "${address}api/openapi.json" \
  --no-color "${seed_args[@]}") || status=$?
if [ "$status" -ne 0 ]; then
  echo "schemathesis: failed (exit $status); the server's log:" >&2
  tail -n 30 "$work/serve.log" >&2
fi
exit "$status"
