#!/usr/bin/env bash
# Compares the reference with Synapse's own authorisation and state-resolution functions.
#   adapters/synapse/run-differential.sh SYNAPSE_SOURCE_DIR [more options of invitejoin differential]
# SYNAPSE_SOURCE_DIR is a checkout of element-hq/synapse (the folder holding pyproject.toml).
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1/pyproject.toml" ]; then
  echo "usage: $0 SYNAPSE_SOURCE_DIR [invitejoin differential options]" >&2
  exit 1
fi
src="$(cd "$1" && pwd)"; shift
cd "$(dirname "$0")/../.."
adapters/synapse/install-debian-packages.sh
exec dotnet run -c Release --project generators/InviteJoin.Cli -- differential \
  --adapter "/usr/bin/python3 adapters/synapse/adapter.py --synapse-src $src" \
  --published reference/InviteJoin.Reference.Tests/TestData --requests spec/examples/divergences --rules spec/rules "$@"
