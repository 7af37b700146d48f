using System.Collections.Immutable;
using System.CommandLine;
using System.Runtime.InteropServices;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>resolve</c>: <c>{room_version, state_sets: [[event_id]], events: [PDU], rejected?: [event_id]}</c> in,
/// <c>{state: [{type, state_key, event_id}]}</c> out: the state sets resolved into one with the room version's
/// algorithm (spec v1.19, server-server API "Room State Resolution"; v1 in room version 1, v2 in 2–11, v2.1 in 12).
/// Input the algorithm cannot run on (a cycle, a missing or foreign event, an unknown state-set entry) is a
/// malformed request (exit 2, <c>stateres.*</c>); every valid request has an answer.
/// </summary>
/// <remarks>
/// PDUs are test inputs, as for <c>auth</c>. Each state set lists the event IDs of its state, one event per
/// (type, state_key); <c>events</c> holds every event the algorithm may need (the state sets' events and
/// their auth chains). Events listed in <c>rejected</c> were rejected on receipt and must be among the
/// given events. The answer lists the resolved state sorted by type, then state key, each by Unicode code
/// point (the order canonical JSON gives object keys), so it is the same whatever order the input has.
/// A state-set entry that fails the rules against its own auth events is read as absent from its set (under
/// the <c>spec</c> profile); <c>--strict-input</c> refuses such a request instead (<c>stateres.rejected_in_state</c>).
/// The answer follows the behaviour profile of <c>--profile</c> or the request's <c>profile</c> field; where
/// the profiled implementation raises, the answer is <c>{exception, divergence, rule, event_id?}</c> (no <c>state</c>).
/// </remarks>
internal sealed class ResolveCommand(BehaviourProfile? profile = null, bool strictInput = false) : DataCommand
{
    private readonly BehaviourProfile _profile = profile ?? BehaviourProfile.Spec;

    private const string StateSetsField = "state_sets";
    private const string EventsField = "events";
    private const string RejectedField = "rejected";

    public override string Name => "resolve";

    public override string Description =>
        "{room_version, state_sets: [[event_id]], events: [PDU], rejected?: [event_id], profile?} -> {state: [{type, state_key, event_id}]}, sorted by type, then state_key; or {exception, divergence, rule, event_id?} where the profile's implementation raises.";

    public override IReadOnlyList<Option> CreateOptions() =>
    [
        ProfileOption.Create(),
        new Option<bool>("--strict-input")
        {
            Description = "Refuse a state set holding an event that fails the rules against its own auth events (stateres.rejected_in_state) instead of reading it as absent.",
        },
    ];

    public override DataCommand ForProfile(BehaviourProfile profile) => new ResolveCommand(profile, strictInput);

    public override DataCommand With(ParseResult parseResult, IReadOnlyList<Option> options) =>
        new ResolveCommand(ProfileOption.FromCommandLine(parseResult.GetValue((Option<string>)options[0])), parseResult.GetValue((Option<bool>)options[1]));

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "room_version", StateSetsField, EventsField, RejectedField, ProfileOption.Field).TryGet(out var fields, out var failure)) return failure!;
        // The request's shape and its event IDs first, then the PDUs, so a missing field is reported before a bad event.
        var version = fields.RoomVersion();
        if (!version.IsOk) return version.Failure!;
        // The state sets and the PDUs name the same events: one memo reads each ID once for both.
        var memo = new PduParseMemo(request is JsonObject json && json.TryGetValue(EventsField, out var given) && given is JsonArray listed ? listed.Count : 0);
        var stateSets = StateSets(fields, version.Value, memo);
        if (!stateSets.IsOk) return stateSets.Failure!;
        var eventsJson = fields.Array(EventsField, RequestLimits.MaxEvents);
        if (!eventsJson.IsOk) return eventsJson.Failure!;
        var rejected = fields.Has(RejectedField) ? fields.EventIds(RejectedField, version.Value, RequestLimits.MaxRejected) : ImmutableArray<EventId>.Empty;
        if (!rejected.IsOk) return rejected.Failure!;
        var profile = ProfileOption.Of(fields, _profile);
        if (!profile.IsOk) return profile.Failure!;
        var events = Request.Pdus(eventsJson.Value, Request.PathOf(EventsField), version.Value, memo);
        if (!events.IsOk) return events.Failure!;

        return StateResolver.ResolveRequest(version.Value, stateSets.Value, events.Value, rejected.Value, profile.Value, strictInput).Map<JsonValue>(Render);
    }

    /// <summary>The answer: the resolved state, or what the profiled implementation raises.</summary>
    internal static JsonObject Render(StateResolution resolution) =>
        resolution.Raised is null
            ? Render(resolution.Entries.AsSpan())
            : ProfileOption.Raised(resolution.Raised!.Raised!.Value, resolution.Raised.Divergence!.Value, resolution.Raised.Token, resolution.RaisedAt?.Value);

    /// <summary>The answer: every entry of the resolved state, sorted by type, then state key, by code point.</summary>
    internal static JsonObject Render(ReadOnlySpan<KeyValuePair<StateKey, EventId>> state)
    {
        // The library's state is in UTF-16 code-unit order; the contract's order is code points, which differs
        // only for characters above U+FFFF against U+E000–U+FFFF, so the answer sorts for itself when the
        // state has a character in U+D800–U+FFFF (otherwise the two orders agree).
        var entries = state;
        var reorder = false;
        foreach (var entry in state) reorder |= HasSurrogateOrAbove(entry.Key.Type) || HasSurrogateOrAbove(entry.Key.Key);
        if (reorder)
        {
            entries = state.ToArray().OrderBy(entry => entry.Key.Type, CodePointOrder.Instance).ThenBy(entry => entry.Key.Key, CodePointOrder.Instance).ToArray();
        }
        // Each entry's members in canonical key order, so the objects are built without a sort.
        var items = new JsonValue[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            items[i] = JsonValue.Object(
                ("event_id", JsonValue.String(entries[i].Value.Value)),
                ("state_key", JsonValue.String(entries[i].Key.Key)),
                ("type", JsonValue.String(entries[i].Key.Type)));
        }
        return JsonValue.Object(("state", new JsonArray(ImmutableCollectionsMarshal.AsImmutableArray(items))));
    }

    private static bool HasSurrogateOrAbove(string text) => text.AsSpan().IndexOfAnyInRange('\uD800', '\uFFFF') >= 0;

    private static Result<List<IReadOnlyList<EventId>>> StateSets(Request fields, RoomVersion version, PduParseMemo memo)
    {
        var array = fields.Array(StateSetsField, RequestLimits.MaxStateSets);
        if (!array.IsOk) return array.Failure!;
        var sets = new List<IReadOnlyList<EventId>>(array.Value.Count);
        for (var i = 0; i < array.Value.Count; i++)
        {
            // The set's path is built only for a failure.
            if (Request.TryEventIds(array.Value[i], version, RequestLimits.MaxStateSetEntries, out var set, memo))
            {
                sets.Add(set);
                continue;
            }
            return Request.EventIds(array.Value[i], JsonPath.Index(Request.PathOf(StateSetsField), i), version, RequestLimits.MaxStateSetEntries).Failure!;
        }
        return sets;
    }
}
