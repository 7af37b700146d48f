using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Testing;

/// <summary>One entry of a room state as the published scenarios and the <c>resolve</c> command write it.</summary>
public readonly record struct StateEntry(string Type, string StateKey, string EventId)
{
    public override string ToString() => Type + "[" + StateKey + "]=" + EventId;
}

/// <summary>A state a scenario expects: the entries, and whether they are the whole state or only the keys to compare.</summary>
public sealed record ExpectedState(ImmutableArray<StateEntry> Entries, bool Complete)
{
    /// <summary>
    /// What differs between this expected state and <paramref name="actual"/> (entries in the order of type, then state
    /// key), or null when they agree: with <see cref="Complete"/> the actual state must be exactly the entries, in order;
    /// otherwise every listed key must hold the listed event.
    /// </summary>
    public string? Mismatch(IReadOnlyList<StateEntry> actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var shown = Complete
            ? actual.ToList()
            : Entries.Select(e => actual.FirstOrDefault(a => a.Type == e.Type && a.StateKey == e.StateKey) is { Type: not null } found
                ? found
                : e with { EventId = "(absent)" }).ToList();
        return Entries.SequenceEqual(shown) ? null : $"expected {string.Join(", ", Entries)}\nactual   {string.Join(", ", shown)}";
    }

    /// <summary>As <see cref="Mismatch(IReadOnlyList{StateEntry})"/> for a state held as a sorted map from key to event ID.</summary>
    public string? Mismatch(ImmutableSortedDictionary<StateKey, EventId> actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        return Mismatch(actual.Select(p => new StateEntry(p.Key.Type, p.Key.Key, p.Value.Value)).ToList());
    }

    internal static ExpectedState Read(JsonValue? entries, JsonValue? complete) => new(
        [.. ((JsonArray)entries!).Cast<JsonObject>().Select(e => new StateEntry(Text(e["type"]), Text(e["state_key"]), Text(e["event_id"])))],
        complete is JsonBool { Value: true });

    internal static string Text(JsonValue? value) => ((JsonString)value!).Value;
}

/// <summary>A check of a graph scenario: the state before the event <paramref name="At"/>.</summary>
public sealed record StateCheck(EventId At, ExpectedState Expected);

/// <summary>
/// One state-resolution scenario of TestData/stateres (Synapse's, gomatrixserverlib's and ruma's published tests and
/// MSC4297's problems, re-encoded as data; sources in TestData/stateres/README.md). A graph scenario carries checks of
/// the state before some events; a resolve scenario a direct call of the resolver with its expected answer.
/// </summary>
public sealed record PublishedScenario(string Id, RoomVersion Version, JsonObject Json, string? ResolveRequest)
{
    /// <summary>Every event of the scenario, read as test input; one that does not read is a broken data set.</summary>
    public ImmutableArray<Pdu> Events =>
        [.. ((JsonArray)Json["events"]!).Select(item =>
        {
            var parsed = PduParser.Parse(item, Version.Format, PduParseOptions.TestInput);
            return parsed.IsOk ? parsed.Value : throw new FixtureException($"{Id}: {parsed.Failure}");
        })];

    /// <summary>The events rejected on receipt.</summary>
    public ImmutableArray<EventId> Rejected => Ids(Json["rejected"]);

    /// <summary>For a resolve scenario, the state sets to resolve; otherwise empty.</summary>
    public ImmutableArray<ImmutableArray<EventId>> StateSets =>
        Json["resolve"] is JsonObject resolve ? [.. ((JsonArray)resolve["state_sets"]!).Select(Ids)] : [];

    /// <summary>True for a resolve scenario (a direct call of the resolver), false for a graph scenario.</summary>
    public bool IsResolve => Json["resolve"] is JsonObject;

    /// <summary>For a resolve scenario, the state the resolver must answer.</summary>
    public ExpectedState? ExpectedResolved => IsResolve ? ExpectedState.Read(Json["expected_resolved"], Json["complete"]) : null;

    /// <summary>For a graph scenario, the checks of the state before its events.</summary>
    public ImmutableArray<StateCheck> Checks =>
        Json["expected"] is JsonArray checks
            ? [.. checks.Cast<JsonObject>().Select(c => new StateCheck(EventIdOf(ExpectedState.Text(c["state_at"])), ExpectedState.Read(c["state"], c["complete"])))]
            : [];

    /// <summary>An event ID as the scenarios write it (a test name in any room version).</summary>
    public static EventId EventIdOf(string text) => EventId.Parse(text, EventIdFormat.TestName).Value;

    private static ImmutableArray<EventId> Ids(JsonValue? array) => [.. ((JsonArray)array!).Select(v => EventIdOf(ExpectedState.Text(v)))];

    public override string ToString() => Id;
}
