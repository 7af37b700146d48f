using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>receive</c>: the checks on receipt of a PDU, stage by stage (spec v1.19, server-server API "Checks performed on
/// receipt of a PDU" 1–6): <c>{room_version, event, verify_keys, auth_events: [PDU], state_before: [event_id],
/// current_state?: [event_id], rejected?: [event_id], origin?}</c> in, <c>{verdict, stage, rule, redacted}</c> out.
/// </summary>
/// <remarks>
/// <c>event</c> is the PDU as received, in its room version's federation format with its hashes and signatures; it is
/// checked for format, for the signatures of the servers that must sign it (with <c>verify_keys</c>,
/// <c>{server: {key_id: public_key}}</c>), for its content hash (a mismatch replaces it by its redacted form and the
/// checks go on, <c>"redacted": true</c>), then by the authorisation rules against its own auth events, the state
/// before it and the current state. <c>auth_events</c> are the events the receiver holds (test-input PDUs, as for
/// <c>auth</c>); <c>state_before</c> and <c>current_state</c> list the IDs of those that make up each state
/// (<c>current_state</c> defaults to the state before). The verdict is <c>dropped</c>, <c>rejected</c>,
/// <c>soft_failed</c> or <c>accepted</c>; <c>stage</c> names the check that decided and <c>rule</c> its token.
/// </remarks>
internal sealed class ReceiveCommand : DataCommand
{
    public override string Name => "receive";

    public override string Description =>
        "{room_version, event, verify_keys, auth_events: [PDU], state_before: [event_id], current_state?: [event_id], rejected?: [event_id], origin?} -> {verdict, stage, rule, redacted}.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "room_version", "event", "verify_keys", "auth_events", "state_before", "current_state", "rejected", "origin").TryGet(out var fields, out var failure)) return failure!;
        var version = fields.RoomVersion();
        if (!version.IsOk) return version.Failure!;
        var @event = fields.Object("event");
        if (!@event.IsOk) return @event.Failure!;
        var keys = fields.ServerVerifyKeys();
        if (!keys.IsOk) return keys.Failure!;
        var held = fields.Pdus("auth_events", version.Value);
        if (!held.IsOk) return held.Failure!;
        var byId = ImmutableSortedDictionary.CreateBuilder<string, Pdu>(StringComparer.Ordinal);
        foreach (var pdu in held.Value) byId.TryAdd(pdu.EventId.Value, pdu);
        var before = State(fields, "state_before", version.Value, byId);
        if (!before.IsOk) return before.Failure!;
        var current = fields.Has("current_state") ? State(fields, "current_state", version.Value, byId) : before;
        if (!current.IsOk) return current.Failure!;
        var rejected = fields.Has("rejected") ? fields.EventIdTexts("rejected", RequestLimits.MaxRejected) : ImmutableArray<string>.Empty;
        if (!rejected.IsOk) return rejected.Failure!;
        string? origin = null;
        if (fields.Has("origin"))
        {
            var given = fields.String("origin").Then(text => ServerName.Parse(text, Request.PathOf("origin")).Map(_ => text));
            if (!given.IsOk) return given.Failure!;
            origin = given.Value;
        }

        var context = new ReceiptContext
        {
            AuthEvents = byId.ToImmutable(),
            Rejected = ImmutableSortedSet.CreateRange(StringComparer.Ordinal, rejected.Value),
            StateBefore = before.Value,
            // The same object when the states are the same, so check 6 reads as check 5 did.
            CurrentState = fields.Has("current_state") ? current.Value : before.Value,
            Origin = origin,
        };
        var outcome = ReceiptCheck.Check(@event.Value, version.Value, keys.Value, context);
        return JsonValue.Object(
            ("verdict", JsonValue.String(WireToken.Of(outcome.Verdict))),
            ("stage", JsonValue.String(WireToken.Of(outcome.Stage))),
            ("rule", JsonValue.String(outcome.Token)),
            ("redacted", JsonValue.Bool(outcome.ReplacedByRedaction)));
    }

    // A state: IDs of held events, one per (type, state key).
    private static Result<AuthState> State(Request fields, string name, Reference.RoomVersions.RoomVersion version, ImmutableSortedDictionary<string, Pdu>.Builder held)
    {
        var ids = fields.EventIds(name, version, RequestLimits.MaxStateSetEntries);
        if (!ids.IsOk) return ids.Failure!;
        var events = new List<Pdu>();
        for (var i = 0; i < ids.Value.Length; i++)
        {
            var path = JsonPath.Index(Request.PathOf(name), i);
            if (!held.TryGetValue(ids.Value[i].Value, out var pdu))
            {
                return Result<AuthState>.Fail(RequestError.WrongType, path, $"{ids.Value[i].Value} is not one of the given auth_events");
            }
            if (pdu.StateKey is null) return Result<AuthState>.Fail(RequestError.WrongType, path, $"{ids.Value[i].Value} is not a state event");
            events.Add(pdu);
        }
        return AuthState.FromEvents(events);
    }
}
