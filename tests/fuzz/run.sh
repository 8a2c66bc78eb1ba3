#!/usr/bin/env bash
# Builds the libFuzzer targets (SCTE-35, HLS, DASH, VAST/VMAP) with clang (ASan + UBSan) and
# runs each for a bounded time from a corpus seeded with the conformance data. ops/test
# runs it with the default 20 s per target; a longer run: FUZZ_SECONDS=3600 tests/fuzz/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build-fuzz"
seconds="${FUZZ_SECONDS:-20}"
if [[ ! -f "$build/build.ninja" ]]; then
  CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSSAI_FUZZ=ON >/dev/null
fi
cmake --build "$build" --target scte35_fuzz hls_fuzz vast_fuzz dash_fuzz

corpus="$build/corpus"
mkdir -p "$corpus/scte35" "$corpus/hls" "$corpus/vast" "$corpus/dash"
# Seeds: every SCTE-35 vector's bytes, every conformance and fixture playlist.
n=0
while IFS= read -r cue; do
  n=$((n + 1))
  printf '%s' "$cue" | base64 -d >"$corpus/scte35/vector-$n" 2>/dev/null || true
done < <(grep -o '"cue_b64": "[^"]*"' "$root/fixtures/conformance/scte35/vectors.jsonl" | cut -d'"' -f4)
find "$root/fixtures" -name '*.m3u8' -exec cp {} "$corpus/hls/" \; 2>/dev/null || true
find "$root/fixtures/conformance/dash" "$root/fixtures/media/dash" \( -name '*.mpd' -o -name '*.xml' \) \
  -exec cp {} "$corpus/dash/" \; 2>/dev/null || true
find "$root/fixtures/vast" "$root/fixtures/conformance/vast" "$root/fixtures/conformance/vmap" -name '*.xml' \
  -exec cp {} "$corpus/vast/" \; 2>/dev/null || true

for target in scte35_fuzz hls_fuzz vast_fuzz dash_fuzz; do
  dir="$corpus/${target%_fuzz}"
  log="$build/$target.log"
  echo "fuzzing $target for ${seconds}s from $(ls "$dir" | wc -l) seeds"
  # libFuzzer exits non-zero on a crash, leak, timeout or OOM, and when it cannot run.
  status=0
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/" -print_final_stats=1 "$dir" >"$log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|stat::new_units_added)|^SUMMARY|^==[0-9]+==ERROR" "$log" || true
  if [[ $status -ne 0 ]] || ! grep -q "^stat::number_of_executed_units" "$log"; then
    echo "fuzz: $target failed (exit $status); the last lines of $log:" >&2
    tail -n 30 "$log" >&2
    ls "$build"/crash-* "$build"/leak-* "$build"/timeout-* "$build"/oom-* 2>/dev/null >&2 || true
    exit 1
  fi
done
echo "fuzz: no failures"
