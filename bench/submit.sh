#!/usr/bin/env bash
# Submit-path benchmark: requests per second and latency percentiles of POST /api/reports on
# `lookout serve` (release), first on the embedded store, then on DynamoDB Local. The baseline,
# measured in the same run against the same server, is GET of the static home page.
# Each run: wrk, 2 threads, 16 connections, 20 s. Receipt hashing (Argon2id) is deliberately
# slow, so the submit path is CPU-bound by design.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release --bin lookout --quiet
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# DynamoDB Local accepts any credentials; the SDK only needs some to sign with.
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=eu-west-2 AWS_EC2_METADATA_DISABLED=true
yesterday=$(date -u -d yesterday +%F)
export LOOKOUT_BENCH_BODY="{\"reporter\":\"taxi-driver\",\"indicators\":[\"taxi-odd-hours\"],\"area\":\"city-centre\",\"seen_on\":\"$yesterday\",\"part_of_day\":\"night\",\"what_happened\":\"A young passenger was picked up from a hotel late at night by an older man.\"}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_server() { # $1 = label, rest = extra serve args
  local label=$1; shift
  cp -r content "$work/$label"
  rm -rf "$work/$label/.lookout"
  local port; port=$(free_port)
  target/release/lookout serve --root "$work/$label" --port "$port" "$@" >"$work/$label.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done
  echo "$port"
}

measure() { # $1 = label, $2 = port
  echo "== $1"
  echo "-- baseline: GET /"
  wrk -t2 -c16 -d20s --latency "http://127.0.0.1:$2/" | grep -E "Requests/sec|50%|90%|99%"
  echo "-- POST /api/reports"
  wrk -t2 -c16 -d20s --latency -s bench/submit.lua "http://127.0.0.1:$2/api/reports" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
}

port=$(run_server embedded)
measure "embedded store" "$port"

source tests/support/dynamodb-local.sh
start_dynamodb_local
pids+=("${DYNAMODB_LOCAL_PID:-}")
port=$(run_server dynamodb --store dynamodb --table lookout-bench --endpoint "$LOOKOUT_TEST_DYNAMODB_ENDPOINT")
measure "DynamoDB Local" "$port"
stop_dynamodb_local
