#!/usr/bin/env bash
# Coverage-guided fuzzing of the decoders (functions/fuzz), bounded in time: every target runs
# for LOOKOUT_FUZZ_SECONDS (default 15) from the seeds in functions/fuzz/corpus/, with libFuzzer's
# seed printed so a run can be repeated (LOOKOUT_FUZZ_SEED=N). A crash is copied into
# functions/fuzz/regressions/<target>/, where the regression test replays it until it is fixed;
# commit it with the fix. cargo-fuzz builds without a sanitizer, which needs no nightly toolchain.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export PATH="$root/tests/.venv/bin:$PATH"
command -v cargo-fuzz >/dev/null || { echo "fuzz: cargo-fuzz is missing; run tests/support/install.sh" >&2; exit 2; }

seconds=${LOOKOUT_FUZZ_SECONDS:-15}
seed=${LOOKOUT_FUZZ_SEED:-$(( $(date +%s) % 1000000 ))}
work=$(mktemp -d "${TMPDIR:-/tmp}/lookout-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd functions
cargo fuzz build --sanitizer none
status=0
for target in $(cargo fuzz list); do
  mkdir -p "$work/$target" "$work/artifacts/$target"
  echo "fuzz: $target for ${seconds}s (seed $seed)"
  if ! cargo fuzz run --sanitizer none "$target" "$work/$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -seed="$seed" -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$target/" 2>"$work/$target.log"; then
    mkdir -p "fuzz/regressions/$target"
    cp "$work/artifacts/$target/"* "fuzz/regressions/$target/" 2>/dev/null || true
    tail -n 40 "$work/$target.log" >&2
    echo "fuzz: $target crashed (seed $seed); the input is in functions/fuzz/regressions/$target/" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$work/$target.log" | tail -n 2 | sed "s/^/fuzz: $target: /"
  fi
done

echo "fuzz: replaying seeds and kept crashes"
cargo test --quiet --manifest-path fuzz/Cargo.toml --test regressions
exit "$status"
