#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time
# from a corpus seeded with the conformance data and fixtures: SCTE-35, HLS, DASH (the
# writer too), VAST/VMAP, the SCTE-35 JSON reader, the configuration file, and the HTTP
# request head. ops/test runs it with the default 20 s per target; longer runs:
# ops/fuzz --minutes N (or FUZZ_SECONDS=N here). The corpus under build-fuzz/corpus
# grows from run to run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build-fuzz"
seconds="${FUZZ_SECONDS:-20}"
if [[ ! -f "$build/build.ninja" ]]; then
  # Line tables are what sanitizer reports need (-gline-tables-only).
  CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" -DSSAI_FUZZ=ON >/dev/null
fi
targets=(scte35_fuzz hls_fuzz vast_fuzz dash_fuzz scte35_json_fuzz config_fuzz http_head_fuzz)
cmake --build "$build" --target "${targets[@]}"

corpus="$build/corpus"
mkdir -p "$corpus/scte35" "$corpus/hls" "$corpus/vast" "$corpus/dash" "$corpus/scte35_json" "$corpus/config" "$corpus/http_head"
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

# JSON seeds: each vector's record, a cue as `ssai scte35 decode` prints it, the configs.
split -l 1 -d -a 4 "$root/fixtures/conformance/scte35/vectors.jsonl" "$corpus/scte35_json/vector-"
printf '%s' '{"table_id":252,"splice_command_type":5,"splice_insert":{"splice_event_id":1,"out_of_network_indicator":true,"splice_immediate_flag":false,"program_splice_flag":true,"duration_flag":true,"splice_time":{"time_specified_flag":true,"pts_time":900000},"break_duration":{"auto_return":true,"duration":2700000},"unique_program_id":1,"avail_num":0,"avails_expected":0},"descriptors":[{"splice_descriptor_tag":2,"identifier":1129661769,"segmentation_event_id":1,"segmentation_type_id":52,"segmentation_upid_type":9,"segmentation_upid":"5349474e414c","segment_num":0,"segments_expected":0}]}' \
  >"$corpus/scte35_json/splice-insert.json"
find "$root/fixtures/config" -name '*.json' -exec cp {} "$corpus/config/" \;
cp "$corpus/scte35_json/splice-insert.json" "$corpus/config/" 2>/dev/null || true
# Request heads: a session POST, a chunked body, forwarded headers, an odd Host.
printf 'POST /v1/session/demo/content/master.m3u8 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{"adsParams":{"device":"tv"}}' >"$corpus/http_head/post"
printf 'POST /v1/explain HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{}{}\r\n0\r\n\r\n' >"$corpus/http_head/chunked"
printf 'GET /v1/master/demo/x.m3u8?a=1&b=%%2F HTTP/1.1\r\nHost: ssai.example.com\r\nX-Forwarded-For: 198.51.100.1, 10.0.0.2\r\nX-Forwarded-Host: cdn.example\r\nX-Forwarded-Proto: https\r\nUser-Agent: p\r\n\r\n' >"$corpus/http_head/forwarded"
printf 'GET /healthz HTTP/1.0\r\nHost: [::1]:80\r\n\r\n' >"$corpus/http_head/v6"

for target in "${targets[@]}"; do
  dir="$corpus/${target%_fuzz}"
  log="$build/$target.log"
  echo "fuzzing $target for ${seconds}s from $(ls "$dir" | wc -l) seeds"
  # libFuzzer exits non-zero on a crash, leak, timeout or OOM, and when it cannot run.
  status=0
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/" -print_final_stats=1 "$dir" >"$log" 2>&1 || status=$?
  # Executions, new inputs found, and the coverage reached (the last status line's cov:).
  grep -E "^(stat::number_of_executed_units|stat::new_units_added)|^SUMMARY|^==[0-9]+==ERROR" "$log" || true
  grep -E "^#[0-9]+.*(DONE|pulse).*cov: " "$log" | tail -n 1 || true
  # Undefined behaviour the libraries reported and ran on: a failure for ops/fuzz
  # (FUZZ_UB_FATAL=1), a warning in the test suite's short run.
  ub=$(grep -c "runtime error:" "$log" || true)
  if [[ "$ub" -gt 0 ]]; then
    grep -m 3 "runtime error:" "$log" >&2
    if [[ -n "${FUZZ_UB_FATAL:-}" ]]; then
      echo "fuzz: $target reported undefined behaviour $ub times" >&2
      exit 1
    fi
    echo "fuzz: warning: $target reported undefined behaviour $ub times (see $log)"
  fi
  if [[ $status -ne 0 ]] || ! grep -q "^stat::number_of_executed_units" "$log"; then
    echo "fuzz: $target failed (exit $status); the last lines of $log:" >&2
    tail -n 30 "$log" >&2
    ls "$build"/crash-* "$build"/leak-* "$build"/timeout-* "$build"/oom-* 2>/dev/null >&2 || true
    exit 1
  fi
done
echo "fuzz: no failures"
