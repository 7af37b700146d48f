using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>The joining server after it took the send_join answer: the room as it now holds it, the join, and the server.</summary>
public sealed record JoinedRoom(Room Room, Pdu Join, ResidentServer Server);

/// <summary>
/// The joining server's handling of the send_join answer (spec v1.19, <c>joins-v2.yaml</c>; what to verify is
/// not spelled out normatively — these checks are ours, after the checks on receipt of a PDU): every event
/// well formed and validly signed; the auth chain closed (every cited auth event supplied) and every event
/// authorised by its auth events; no state key that the join or the state cites missing from the state; and
/// the join authorised by the returned state. What these checks cannot see is an event left out that
/// nothing supplied cites; only another resident can reveal it (attack T2).
/// </summary>
public static class SendJoinResponses
{
    /// <summary>
    /// Takes <paramref name="responseBody"/>, the answer of <paramref name="resident"/> (when the caller names it) to
    /// <paramref name="sentJoin"/>, into <paramref name="joiner"/>. An answer that omitted the members (<c>members_omitted</c>)
    /// leaves the joiner with a partial state (<see cref="Room.Partial"/>), to be resynced from the resident and the servers its
    /// answer names in <c>servers_in_room</c> (MSC3706, MSC3902).
    /// </summary>
    public static EndpointResult<JoinedRoom> Apply(ResidentServer joiner, RoomVersion version, Pdu sentJoin, JsonValue responseBody, string? resident = null) =>
        Apply(joiner, version, sentJoin, responseBody, resident, verify: null);

    /// <summary>
    /// As <see cref="Apply(ResidentServer, RoomVersion, Pdu, JsonValue, string?)"/>, with the checks 1–3 on receipt of each
    /// returned event (format, signatures, hashes, with keys the joiner trusts) run by <paramref name="verify"/> when given,
    /// as <see cref="Transactions.Receive(ResidentServer, JsonValue, string?, ReceiptVerifier)"/> allows.
    /// </summary>
    public static EndpointResult<JoinedRoom> Apply(ResidentServer joiner, RoomVersion version, Pdu sentJoin, JsonValue responseBody, string? resident, ReceiptVerifier? verify)
    {
        if (responseBody is not JsonObject body || body["state"] is not JsonArray stateArray || body["auth_chain"] is not JsonArray chainArray)
        {
            return MatrixError.Of(DanceRule.SendJoinResponseMalformed, "the answer needs state and auth_chain lists");
        }
        var membersOmitted = body["members_omitted"] is JsonBool { Value: true };
        if (membersOmitted && body["servers_in_room"] is not JsonArray)
        {
            return MatrixError.Of(DanceRule.SendJoinResponseMissingServersInRoom, "members_omitted is true but servers_in_room is missing");
        }

        // event: the join as the resident sends it; it may only have gained signatures.
        var joinJson = sentJoin.Json;
        if (body["event"] is { } returnedValue)
        {
            if (returnedValue is not JsonObject returned || !OutgoingInvites.SameExceptAddedSignatures(sentJoin.Json, returned))
            {
                return MatrixError.Of(DanceRule.SendJoinResponseEventChanged, "the resident returned a different join event");
            }
            // The joiner keeps the join, not the resident's unsigned data.
            joinJson = returned.Without(JsonSigning.UnsignedKey);
        }

        // Every event passes the format, signature and hash checks, and is in the room.
        var state = Verify(joiner, version, sentJoin.RoomId, stateArray, "$.state", verify);
        if (state.Error is { } badState) return badState;
        var chain = Verify(joiner, version, sentJoin.RoomId, chainArray, "$.auth_chain", verify);
        if (chain.Error is { } badChain) return badChain;
        var join = Verify(joiner, version, sentJoin.RoomId, JsonValue.Array(joinJson), "$.event", verify);
        if (join.Error is { } badJoin) return badJoin;

        var known = ImmutableSortedDictionary.CreateBuilder<string, Pdu>(StringComparer.Ordinal);
        foreach (var pdu in chain.Events.Concat(state.Events).Concat(join.Events)) known.TryAdd(pdu.EventId.Value, pdu);
        var events = known.ToImmutable();

        // The room's version is its create event's: a template that claimed another (one this server offered) made it
        // sign and read the answer under the wrong version's rules. Absent room_version means "1" (rooms v1).
        if (events.Values.FirstOrDefault(e => e.Type == EventTypes.Create && e.StateKey == "") is { } create
            && CreateEventVersion(create) is var created && !string.Equals(created, version.Id, StringComparison.Ordinal))
        {
            return MatrixError.Of(DanceRule.SendJoinResponseRoomVersionMismatch, $"the template said room version {version.Id}; the room's create event says {created ?? "(not a string)"}");
        }
        var context = Auth.AuthContext.Default with { IsSignedBy = Auth.AuthContext.VerifiesWith(joiner.Keys) };

        // The auth chain is closed, and every event passes the auth rules against its own auth events.
        foreach (var pdu in Room.InStableOrder(events.Values))
        {
            var cited = pdu.AuthEventsWithImpliedCreate.Select(id => id.Value).ToImmutableArray();
            if (cited.FirstOrDefault(id => !events.ContainsKey(id)) is { } missing)
            {
                return MatrixError.Of(DanceRule.SendJoinResponseMissingAuthEvent, $"{pdu.EventId} cites {missing}, which the answer does not contain");
            }
            var decision = EventAuthorizer.AuthorizeAgainstAuthEvents(pdu, [.. cited.Select(id => events[id])], version, context);
            if (!decision.Allowed)
            {
                var rule = pdu.EventId.Equals(join.Events[0].EventId) ? DanceRule.SendJoinResponseJoinNotAuthorised : DanceRule.SendJoinResponseEventNotAuthorised;
                return MatrixError.Of(rule, $"{pdu.EventId} fails the auth rules against its auth events: {decision}", decision.Rule);
            }
        }

        // The join was built on the resident's current state, so every key it cites must be in the state (member keys
        // may be absent when members were omitted). Ours: catches a resident that keeps an event in the auth chain but
        // leaves it out of the state. A state event's own auth events are not held to this: state resolution can leave
        // a key out (a conflicted key whose every candidate fails the iterative auth checks) while an event that passed
        // them on its auth events' word stays in the state.
        var returnedState = AuthState.FromEvents(state.Events);
        foreach (var pdu in join.Events.Take(1))
        {
            foreach (var id in pdu.AuthEvents)
            {
                var cited = events[id.Value];
                if (cited.StateKey is not { } key || (membersOmitted && cited.Type == EventTypes.Member)) continue;
                if (returnedState.Get(cited.Type, key) is null)
                {
                    return MatrixError.Of(DanceRule.SendJoinResponseStateMissingKey, $"{pdu.EventId} cites ({cited.Type}, {key}), which the returned state lacks");
                }
            }
        }

        // With members omitted the returned state may lack the joiner's own membership (an invite, a knock): the join is
        // judged against the partial state completed by its own auth events, as every event under a partial state is
        // (spec/rooms.md; MSC3902).
        var finalJoin = join.Events[0];
        var judgedAgainst = returnedState;
        if (membersOmitted)
        {
            foreach (var id in finalJoin.AuthEventsWithImpliedCreate)
            {
                if (events.TryGetValue(id.Value, out var cited) && cited.StateKey is { } citedKey && judgedAgainst.Get(cited.Type, citedKey) is null)
                {
                    judgedAgainst = judgedAgainst.With(cited);
                }
            }
        }
        var againstState = EventAuthorizer.AuthorizeAgainstState(finalJoin, judgedAgainst, version, context);
        if (!againstState.Allowed)
        {
            return MatrixError.Of(DanceRule.SendJoinResponseJoinNotAuthorised, "the join fails the auth rules against the returned state: " + againstState, againstState.Rule);
        }

        // A server that held the room before (its users left) keeps what it held; the answer adds to it. Its store decisions
        // stand: a state holding an event it rejected, or a join one authorises, is none it can take (as a resync refuses one).
        var held = joiner.Room(finalJoin.RoomId.Value) ?? Room.Empty(version, finalJoin.RoomId);
        if (returnedState.Events.Values.Select(e => e.EventId).Concat(finalJoin.AuthEvents).Where(id => held.Rejected.Contains(id.Value)).Select(id => (EventId?)id).FirstOrDefault() is { } rejected)
        {
            return MatrixError.Of(DanceRule.SendJoinResponseHoldsRejected, $"{joiner.ServerName} rejected {rejected}, which the answer's state holds or the join cites");
        }
        // Without the members the state is partial: the servers to resync from are the resident, then those servers_in_room
        // names, never itself.
        Room room;
        if (membersOmitted)
        {
            var named = ((JsonArray)body["servers_in_room"]!).OfType<JsonString>().Select(s => s.Value);
            var resyncFrom = (resident is null ? named : named.Prepend(resident)).Where(s => !string.Equals(s, joiner.ServerName, StringComparison.Ordinal));
            room = held.WithPartialJoin(events.Values, finalJoin, returnedState, resyncFrom, againstState);
        }
        else
        {
            room = held.WithJoin(events.Values, finalJoin, returnedState, againstState);
        }
        var accepted = membersOmitted ? DanceRule.SendJoinResponseAcceptedPartial : DanceRule.SendJoinResponseAccepted;
        return EndpointResult<JoinedRoom>.Ok(accepted, new JoinedRoom(room, finalJoin, joiner.With(room)));
    }

    /// <summary>The room version a create event names: its <c>room_version</c>, "1" when absent, null when not a string.</summary>
    internal static string? CreateEventVersion(Pdu create) => create.Content["room_version"] switch
    {
        null => "1",
        JsonString text => text.Value,
        _ => null,
    };

    private static (ImmutableArray<Pdu> Events, MatrixError? Error) Verify(ResidentServer joiner, RoomVersion version, RoomId roomId, JsonArray entries, string path, ReceiptVerifier? verify)
    {
        var events = ImmutableArray.CreateBuilder<Pdu>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entryPath = JsonPath.Index(path, i);
            if (entries[i] is not JsonObject json) return ([], MatrixError.Of(DanceRule.SendJoinResponseMalformed, entryPath + " is not an event object"));
            var (accepted, dropped) = verify?.Invoke(json, version.Format) ?? PduVerification.Check(json, version.Format, joiner.Keys);
            if (dropped is not null) return ([], MatrixError.Of(DanceRule.SendJoinResponseBadEvent, entryPath + ": " + dropped.Failure));
            if (!accepted!.Pdu.RoomId.Equals(roomId)) return ([], MatrixError.Of(DanceRule.SendJoinResponseBadEvent, $"{entryPath} is in room {accepted.Pdu.RoomId}, not {roomId}"));
            events.Add(accepted.Pdu);
        }
        return (events.ToImmutable(), null);
    }
}
