#!/usr/bin/env bash
# How fast `invitejoin explore` finds each planted fault: for every fault of `explore --list-faults`, the number of
# schedules explored (one seed, in order, on one thread) up to the first that violates an invariant, the wall time of
# exploring exactly those schedules and shrinking the violation, and the size of the shrunk counterexample (its steps,
# with how many are passes — steps left out whole while their time passes — and the events it makes). Prints a
# Markdown table for the README.
#
#   tools/fault-table.sh [--seed S] [--budget N]      (defaults: seed 7, budget 5000 schedules)
#
# Run from the repository root. It builds the CLI in Release first; each fault costs two explorations (one to find
# the first failing schedule within the budget, one timed run of exactly that many schedules).
set -euo pipefail

seed=7
budget=5000
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    --budget) budget="$2"; shift 2 ;;
    *) echo "fault-table.sh: unknown option $1 (expected --seed S or --budget N)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
dotnet build -c Release generators/InviteJoin.Cli -v quiet -nologo >/dev/null
cli=(dotnet generators/InviteJoin.Cli/bin/Release/net10.0/invitejoin.dll explore)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| fault | bug | schedules to first detection | seconds (explore + shrink, one thread) | invariant | shrunk steps | shrunk events |"
echo "|---|---|---|---|---|---|---|"
"${cli[@]}" --list-faults | while read -r name bug _; do
  "${cli[@]}" --fault "$name" --seed "$seed" --schedules "$budget" --threads 1 --report "$work/found.json" >/dev/null 2>&1 || true
  first=$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["violations"]; print(min(x["first_schedule"] for x in v) if v else "")' "$work/found.json")
  if [ -z "$first" ]; then
    echo "| \`$name\` | $bug | not within $budget | — | — | — | — |"
    continue
  fi
  count=$((first + 1))
  start=$(date +%s.%N)
  "${cli[@]}" --fault "$name" --seed "$seed" --schedules "$count" --threads 1 --report "$work/timed.json" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  python3 - "$work/timed.json" "$name" "$bug" "$count" "$start" "$end" <<'PY'
import json, sys
report, name, bug, count, start, end = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6])
v = min(json.load(open(report))["violations"], key=lambda x: (x["first_schedule"], x["invariant"]))
c = v["counterexample"]
passes = sum(1 for s in c['steps'] if s.endswith('.-1'))
steps = f"{len(c['steps'])} ({passes} passes)" if passes else f"{len(c['steps'])}"
print(f"| `{name}` | {bug} | {count} | {end - start:.1f} | {v['invariant']} | {steps} | {c['events']} |")
PY
done
