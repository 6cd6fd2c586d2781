# shellcheck shell=bash
# moto's server (PyPI moto[server], in tests/.venv) on 127.0.0.1, for tests of the AWS APIs
# Lookout's CLI calls besides DynamoDB (Lambda's GetFunctionConfiguration). Sourced by tests/run:
#
#   source tests/support/moto.sh
#   start_moto                      # exports LOOKOUT_TEST_MOTO_ENDPOINT
#   trap stop_moto EXIT
#
# State is in memory only; a watchdog stops the server if the shell that started it dies
# (or LOOKOUT_SERVICES_OWNER, when set: see tests/support/nextest-services.sh).

_moto_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MOTO_PID=${MOTO_PID:-}
_moto_watchdog=${_moto_watchdog:-}

start_moto() {
  if [ -n "$MOTO_PID" ] && kill -0 "$MOTO_PID" 2>/dev/null && [ -n "${LOOKOUT_TEST_MOTO_ENDPOINT:-}" ]; then
    return 0
  fi
  local server="$_moto_root/tests/.venv/bin/moto_server"
  [ -x "$server" ] || { echo "moto: $server is missing (tests/support/install.sh installs it)" >&2; return 1; }
  mkdir -p "$_moto_root/tests/artifacts"
  local port tries
  for tries in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    "$server" -H 127.0.0.1 -p "$port" </dev/null >"$_moto_root/tests/artifacts/moto.$port.log" 2>&1 &
    MOTO_PID=$!
    local waited=0
    while kill -0 "$MOTO_PID" 2>/dev/null && [ "$waited" -lt 60 ]; do
      if curl -s -o /dev/null -m 2 "http://127.0.0.1:$port/moto-api/"; then
        export LOOKOUT_TEST_MOTO_ENDPOINT="http://127.0.0.1:$port"
        local shell_pid=${LOOKOUT_SERVICES_OWNER:-$$} moto_pid=$MOTO_PID
        (
          trap '' INT
          while kill -0 "$shell_pid" 2>/dev/null && kill -0 "$moto_pid" 2>/dev/null; do sleep 1; done
          kill "$moto_pid" 2>/dev/null
        ) </dev/null >/dev/null 2>&1 &
        _moto_watchdog=$!
        echo "moto: running at $LOOKOUT_TEST_MOTO_ENDPOINT (pid $MOTO_PID)" >&2
        return 0
      fi
      waited=$((waited + 1))
      sleep 0.5
    done
    stop_moto
  done
  echo "moto: could not start" >&2
  return 1
}

stop_moto() {
  [ -n "$_moto_watchdog" ] && { kill "$_moto_watchdog" 2>/dev/null || true; wait "$_moto_watchdog" 2>/dev/null || true; _moto_watchdog=; }
  if [ -n "$MOTO_PID" ]; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
    MOTO_PID=
  fi
  unset LOOKOUT_TEST_MOTO_ENDPOINT
  return 0
}
