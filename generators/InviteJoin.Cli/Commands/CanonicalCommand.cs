using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>canonical</c>: any JSON value in, its canonical JSON text out (spec v1.19, appendices "Canonical
/// JSON"). Numbers are read leniently, so the spec's own example <c>{"a": -0, "b": 1e10}</c> gives
/// <c>{"a":0,"b":10000000000}</c>; the answer is the canonical text itself, not wrapped.
/// </summary>
internal sealed class CanonicalCommand : DataCommand
{
    public override string Name => "canonical";

    public override string Description => "Any JSON value -> its canonical JSON text.";

    // The runner writes every answer as canonical JSON, so the parsed value is the answer.
    public override Result<JsonValue> Answer(JsonValue request) => request;
}
