#!/usr/bin/env bash
# The browser tests: serves a fresh copy of the example campaign with `lookout serve` (site
# and report API on an empty embedded store, captcha off) on a free port of 127.0.0.1, runs
# tests/browser/*.test.mjs against it in headless Chromium, and stops the server again.
#
# Expects what tests/run provides: tests/node_modules installed and target/debug/lookout built.
#   tests/browser/run.sh [node --test arguments, e.g. tests/browser/quick-exit.test.mjs]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
lookout=${LOOKOUT_BIN:-$root/target/debug/lookout}

[ -x "$lookout" ] || { echo "error: $lookout is missing; run 'cargo build --bin lookout' first" >&2; exit 1; }
[ -d tests/node_modules/playwright-core ] || { echo "error: tests/node_modules is missing; run tests/support/install.sh" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lookout-browser.XXXXXX")
server_pid=
stop() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

# A copy, so the embedded store in .lookout/ starts empty and the repository stays clean.
cp -R tests/fixtures/campaign "$work/campaign"
rm -rf "$work/campaign/.lookout"

mkdir -p tests/artifacts
log=tests/artifacts/browser-serve.log
# Port 0: the server picks a free port itself and prints it, so there is no race for one.
"$lookout" serve --root "$work/campaign" --port 0 >"$log" 2>&1 &
server_pid=$!

base=
for _ in $(seq 1 600); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "error: lookout serve stopped before it answered; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
  if [ -n "$base" ] && curl -fsS -o /dev/null --max-time 2 "$base/"; then
    break
  fi
  base=
  sleep 0.2
done
[ -n "$base" ] || { echo "error: lookout serve did not answer within 120 s; its output:" >&2; cat "$log" >&2; exit 1; }
echo "lookout serve answers at $base (log: $log)"

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(tests/browser/*.test.mjs)

# One file at a time: the live-reload test edits the campaign, which reloads every open page.
status=0
LOOKOUT_BASE_URL=$base LOOKOUT_CAMPAIGN=$work/campaign node --test --test-concurrency=1 --test-timeout=600000 "${tests[@]}" || status=$?
exit "$status"
