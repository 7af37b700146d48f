#!/usr/bin/env bash
# Audits a Synapse checkout with the conformance vectors, through this adapter, and writes its report.
#   adapters/synapse/run-audit.sh SYNAPSE_SOURCE_DIR [REPORT_DIR]
# SYNAPSE_SOURCE_DIR is a checkout of element-hq/synapse (the folder holding pyproject.toml). REPORT_DIR defaults to
# audits/synapse-<its version>; its expectations.json (the explained failures) is used when it is there.
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1/pyproject.toml" ]; then
  echo "usage: $0 SYNAPSE_SOURCE_DIR [REPORT_DIR]" >&2
  exit 1
fi
src="$(cd "$1" && pwd)"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$src/pyproject.toml" | head -n 1)
cd "$(dirname "$0")/../.."
out="${2:-audits/synapse-$version}"
mkdir -p "$out"
adapters/synapse/install-debian-packages.sh
expectations=()
[ -f "$out/expectations.json" ] && expectations=(--expectations "$out/expectations.json")
dotnet run -c Release --project generators/InviteJoin.Cli -- audit --vectors vectors \
  --adapter "/usr/bin/python3 adapters/synapse/adapter.py --synapse-src $src" \
  "${expectations[@]}" --json "$out/report.json" --html "$out/report.html" --quiet | tee "$out/summary.txt"
