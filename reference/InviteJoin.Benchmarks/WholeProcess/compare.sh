#!/usr/bin/env bash
# Whole-process timing of the command line against an earlier build: the same inputs, the two tools run
# in turn, RUNS times each; prints the median wall and CPU seconds of each and their ratio.
#
#   reference/InviteJoin.Benchmarks/WholeProcess/compare.sh BASELINE_GIT_REF [RUNS]
#
# The baseline is built from BASELINE_GIT_REF in a temporary folder outside the repository; this tree is
# published as the README says (a native executable). Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
baseline_ref=$1
runs=${2:-5}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/baseline-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

python3 "$repo/reference/InviteJoin.Benchmarks/WholeProcess/make-inputs.py" "$repo" "$work/inputs"
git -C "$repo" worktree add --detach "$work/baseline-src" "$baseline_ref" >/dev/null
dotnet publish "$work/baseline-src/generators/InviteJoin.Cli" -c Release -o "$work/baseline" >/dev/null
dotnet publish "$repo/generators/InviteJoin.Cli" -c Release -o "$work/current" >/dev/null

# One run: "wall cpu" in seconds. GNU time writes a line before its figures when the command exits non-zero
# (auth does when a request is rejected as malformed), so only its last line is read. Its figures have a
# resolution of 10 ms: a single request is better timed with `perf stat -r 10`.
measure() {
  /usr/bin/time -f "%e %U %S" -o "$work/time" sh -c "$1" >/dev/null 2>&1 || true
  tail -n 1 "$work/time" | awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf "%-34s %10s %10s %10s %10s %8s %8s\n" workload "wall now" "wall then" "cpu now" "cpu then" "wall x" "cpu x"
# Each line: a name, the input file, then the command's arguments (the rest of the line).
while read -r name input args; do
  [ -f "$work/inputs/$input" ] || { echo "no input $input" >&2; exit 1; }
  : > "$work/now"; : > "$work/then"
  for _ in $(seq "$runs"); do
    measure "$work/current/invitejoin $args < $work/inputs/$input" >> "$work/now"
    measure "$work/baseline/invitejoin $args < $work/inputs/$input" >> "$work/then"
  done
  wn=$(cut -d' ' -f1 "$work/now" | median); wt=$(cut -d' ' -f1 "$work/then" | median)
  cn=$(cut -d' ' -f2 "$work/now" | median); ct=$(cut -d' ' -f2 "$work/then" | median)
  awk -v n="$name" -v wn="$wn" -v wt="$wt" -v cn="$cn" -v ct="$ct" \
    'BEGIN { printf "%-34s %10s %10s %10s %10s %8.1f %8.1f\n", n, wn, wt, cn, ct, wt / wn, ct / cn }'
done <<'LIST'
auth-jsonl-100k auth-100k.jsonl auth --jsonl
resolve-jsonl-100k resolve-100k.jsonl resolve --jsonl
canonical-jsonl-200k canonical-200k.jsonl canonical --jsonl
auth-one-request auth-1.json auth
resolve-one-request resolve-1.json resolve
LIST
