using System.Text.Json;

namespace InviteJoin.Conformance.Adapters;

/// <summary>What came back for one request.</summary>
public enum ReplyKind
{
    /// <summary>One line of JSON (any JSON value; classification decides whether it is a usable answer).</summary>
    Answer,

    /// <summary>No line within the per-case timeout: the adapter hung and was stopped.</summary>
    Timeout,

    /// <summary>The adapter exited (or closed its output) instead of answering.</summary>
    Exited,

    /// <summary>A line that is not JSON.</summary>
    Garbage,

    /// <summary>The adapter could not be started (again), so nothing was asked.</summary>
    NotStarted,
}

/// <summary>The adapter's reply to one request: its kind, the parsed answer, and a sentence for people.</summary>
public sealed record AdapterReply(ReplyKind Kind, JsonElement? Answer, string Detail, string? Line);
