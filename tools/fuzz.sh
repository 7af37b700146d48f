#!/usr/bin/env bash
# Coverage-guided fuzzing of the reference's strict JSON reader and PDU parser with SharpFuzz and libFuzzer.
#
# usage: tools/fuzz.sh [--target json|pdu] [--seconds N]
#
# Installs the SharpFuzz instrumenter (the SharpFuzz.CommandLine dotnet tool, into the output folder),
# publishes the harness (tools/fuzz/InviteJoin.Fuzz), instruments the reference assembly in the published
# copy, builds the libFuzzer driver (tools/fuzz/driver.c) with clang, writes the starting corpus from the
# repository's test data (generators/InviteJoin.Testing/TestData, vectors/, spec/examples/), and fuzzes for
# N seconds (default 60). It prints executions, executions per second, the coverage reached and the findings
# with their input files, and exits 0 when nothing was found, 1 when something was, 2 when it could not run.
# Everything it makes goes under artifacts/fuzz/ (ignored by git); the corpus grows there from run to run.
# Replay a finding (uninstrumented): dotnet run --project tools/fuzz/InviteJoin.Fuzz -- TARGET FILE
set -euo pipefail

target=json
seconds=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) target="${2:-}"; shift 2 ;;
    --seconds) seconds="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown argument '$1' (usage: tools/fuzz.sh [--target json|pdu] [--seconds N])" >&2; exit 2 ;;
  esac
done
case "$target" in json|pdu) ;; *) echo "fuzz.sh: --target must be json or pdu, not '$target'" >&2; exit 2 ;; esac
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: --seconds must be a positive whole number, not '$seconds'" >&2; exit 2; }

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/fuzz"
sharpfuzz_version=2.3.0

command -v dotnet >/dev/null || { echo "fuzz.sh: the .NET SDK (dotnet) is not on PATH; it builds the harness" >&2; exit 2; }
command -v python3 >/dev/null || { echo "fuzz.sh: python3 is not on PATH; it writes the starting corpus" >&2; exit 2; }
clang="${CLANG:-clang}"
command -v "$clang" >/dev/null || { echo "fuzz.sh: clang is not on PATH (or CLANG names none); it builds the libFuzzer driver (Debian: apt-get install clang)" >&2; exit 2; }
mkdir -p "$out"

# The libFuzzer driver: clang's -fsanitize=fuzzer needs its runtime (Debian: libclang-rt-14-dev or the like).
if ! "$clang" -O2 -fsanitize=fuzzer -Wall -Wextra -Werror -o "$out/driver" "$root/tools/fuzz/driver.c" 2>"$out/driver.log"; then
  cat "$out/driver.log" >&2
  echo "fuzz.sh: clang could not build the libFuzzer driver: its fuzzer runtime is missing (Debian: apt-get install libclang-rt-dev, or libclang-rt-14-dev for clang 14)" >&2
  exit 2
fi

# The SharpFuzz instrumenter, a dotnet tool kept in the output folder.
tool="$out/tool/sharpfuzz"
if [[ ! -x "$tool" ]]; then
  if ! dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$out/tool" >"$out/tool.log" 2>&1; then
    cat "$out/tool.log" >&2
    echo "fuzz.sh: the SharpFuzz instrumenter (dotnet tool SharpFuzz.CommandLine $sharpfuzz_version) could not be installed from the NuGet feed" >&2
    exit 2
  fi
fi

# The harness, published afresh each run so the reference assembly is instrumented exactly once.
rm -rf "$out/harness"
if ! dotnet publish "$root/tools/fuzz/InviteJoin.Fuzz" -c Release -o "$out/harness" >"$out/publish.log" 2>&1; then
  tail -20 "$out/publish.log" >&2
  echo "fuzz.sh: the harness tools/fuzz/InviteJoin.Fuzz did not build" >&2
  exit 2
fi
if ! "$tool" "$out/harness/InviteJoin.Reference.dll" >"$out/instrument.log" 2>&1; then
  cat "$out/instrument.log" >&2
  echo "fuzz.sh: SharpFuzz could not instrument InviteJoin.Reference.dll" >&2
  exit 2
fi

# The starting corpus, from the repository's own data; libFuzzer adds what it finds to the same folder.
corpus="$out/corpus-$target"
python3 "$root/tools/fuzz/seeds.py" "$target" "$corpus" \
  "$root/generators/InviteJoin.Testing/TestData" "$root/vectors" "$root/spec/examples"
findings="$out/findings-$target"
mkdir -p "$findings"
before=$(find "$findings" -type f | wc -l)

echo "fuzzing the $target target for $seconds s; log: $out/fuzz-$target.log"
set +e
# -timeout: an input that runs longer than 10 s is a hang; -rss_limit_mb bounds the driver, not the harness.
"$out/driver" --target_path="$out/harness/InviteJoin.Fuzz" --target_arg="$target" \
  -max_total_time="$seconds" -timeout=10 -max_len=65536 -print_final_stats=1 -use_value_profile=0 \
  -artifact_prefix="$findings/" "$corpus" >"$out/fuzz-$target.log" 2>&1
code=$?
set -e
log="$out/fuzz-$target.log"

executions=$(awk '/stat::number_of_executed_units:/ {print $2}' "$log" | tail -1)
rate=$(awk '/stat::average_exec_per_sec:/ {print $2}' "$log" | tail -1)
edges=$(awk '/^reference edges hit:/ {print $4}' "$log" | tail -1)
features=$(sed -n 's/.* ft: \([0-9]*\) .*/\1/p' "$log" | tail -1)
corpus_size=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' "$log" | tail -1)
echo "executions: ${executions:-?}"
echo "executions per second: ${rate:-?}"
echo "coverage: ${edges:-?} edge slots of the instrumented reference hit (of 65536 in the map); libFuzzer features ${features:-?}; corpus ${corpus_size:-?} inputs"
after=$(find "$findings" -type f | wc -l)
if [[ "$after" -gt "$before" || "$code" -ne 0 ]]; then
  echo "findings (exit $code of libFuzzer; the harness's message is in $log):"
  find "$findings" -type f -newer "$out/driver" | sort | sed 's/^/  /'
  grep -E 'FuzzInconsistencyException|Exception:|SUMMARY|timeout' "$log" | head -5 | sed 's/^/  /'
  echo "replay one (uninstrumented): dotnet run --project tools/fuzz/InviteJoin.Fuzz -- $target FILE"
  exit 1
fi
echo "findings: none"
