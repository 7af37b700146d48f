#!/bin/sh
# The reference as an adapter of the adapter protocol (spec/vectors/adapter-protocol.md): `invitejoin adapter SUITE`.
# Usage: adapters/reference/adapter.sh SUITE [--profile NAME]
# Set INVITEJOIN to a built invitejoin (for example generators/InviteJoin.Cli/bin/Release/net10.0/invitejoin) to skip
# `dotnet run`'s build check on every start.
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "$INVITEJOIN" ]; then
  exec "$INVITEJOIN" adapter "$@"
fi
exec dotnet run --project "$here/../../generators/InviteJoin.Cli" -v quiet -- adapter "$@"
