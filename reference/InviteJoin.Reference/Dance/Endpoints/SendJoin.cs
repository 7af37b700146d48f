using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// <c>PUT /_matrix/federation/v2/send_join/{roomId}/{eventId}?omit_members=…</c> from <paramref name="Origin"/>;
/// <paramref name="OmitMembers"/> is the raw query value (null when absent).
/// </summary>
public sealed record SendJoinRequest(string Origin, string RoomId, string EventId, JsonValue Body, string? OmitMembers = null);

/// <summary>
/// The 200 answer of send_join v2 (spec v1.19, <c>joins-v2.yaml</c>): the resolved state prior to the join,
/// the auth chain of the join and of that state, the join as the resident sends it, and with
/// <c>omit_members</c> the list of servers joined before the join.
/// </summary>
public sealed record SendJoinResponse(
    ImmutableArray<JsonObject> State,
    ImmutableArray<JsonObject> AuthChain,
    JsonObject Event,
    bool MembersOmitted,
    ImmutableArray<string> ServersInRoom)
{
    /// <summary>The body: <c>{state, auth_chain, event, members_omitted, servers_in_room}</c>.</summary>
    public JsonObject ToJson() => JsonValue.Object(
        ("state", JsonValue.Array(State)),
        ("auth_chain", JsonValue.Array(AuthChain)),
        ("event", Event),
        ("members_omitted", JsonValue.Bool(MembersOmitted)),
        ("servers_in_room", JsonValue.Array(ServersInRoom.Select(s => (JsonValue)JsonValue.String(s)))));
}

/// <summary>A join the resident accepted: its answer, the join as persisted, and the room and server with it.</summary>
public sealed record SendJoinAccepted(SendJoinResponse Response, Pdu Join, Room Room, ResidentServer Server);

/// <summary>
/// The resident's send_join v2 (spec v1.19, server-server API "Joining Rooms", "Restricted rooms";
/// <c>joins-v2.yaml</c>; MSC3083, MSC3706). The answer is produced only once the join is accepted into
/// the room; its <c>state</c> is the state <em>prior to</em> the join, as the endpoint defines it.
/// </summary>
public static class SendJoin
{
    /// <summary>How many members' events stand in for the room's name when members are omitted (the <c>m.heroes</c> count of /sync).</summary>
    public const int HeroCount = 5;

    private static readonly SubmissionRules Rules = new(
        DanceRule.SendJoinUnknownRoom,
        DanceRule.SendJoinNotResident,
        DanceRule.SendJoinPartialState,
        DanceRule.SendJoinServerDenied,
        DanceRule.SendJoinNotAnObject,
        DanceRule.SendJoinMalformedEvent,
        DanceRule.SendJoinRoomIdMismatch,
        DanceRule.SendJoinEventIdMismatch,
        DanceRule.SendJoinNotMemberEvent,
        DanceRule.SendJoinWrongMembership,
        DanceRule.SendJoinStateKeyNotSender,
        DanceRule.SendJoinSenderNotOnOrigin,
        DanceRule.SendJoinBadSignature,
        DanceRule.SendJoinContentHashMismatch,
        DanceRule.SendJoinUnknownPrevEvent,
        DanceRule.SendJoinAuthEventsRejected,
        DanceRule.SendJoinNotAuthorised,
        DanceRule.SendJoinNotRecommended);

    /// <summary>
    /// Answers <paramref name="request"/>. In a room that uses a policy server, a join without its signature is sent to
    /// <paramref name="policyServer"/> for one (none given: such a join is refused as not recommended).
    /// </summary>
    public static EndpointResult<SendJoinAccepted> Handle(ResidentServer server, SendJoinRequest request, PolicySigner? policyServer = null)
    {
        // omit_members is a boolean; MSC3706 asks for 400 M_INVALID_PARAM on any other value.
        bool omitMembers;
        switch (request.OmitMembers)
        {
            case null or "false": omitMembers = false; break;
            case "true": omitMembers = true; break;
            default: return MatrixError.Of(DanceRule.SendJoinBadOmitMembers, $"omit_members must be true or false, not \"{request.OmitMembers}\"");
        }

        var (room, join, refused) = MembershipSubmission.Validate(server, request.Origin, request.RoomId, request.EventId, request.Body, MembershipValues.Join, Rules);
        if (refused is not null) return refused;

        var restricted = Restricted(server, room!, join!.Pdu);
        if (restricted.Error is { } restrictedRefusal) return restrictedRefusal;
        var signed = restricted.Signed;

        // A countersignature only adds a signature: the signatures checked on receipt still verify.
        var authorised = MembershipSubmission.Authorise(server, room!, join with { Pdu = signed }, Rules, policyServer);
        if (authorised.Error is { } unauthorised) return unauthorised;
        var restrictedSigned = signed;
        signed = authorised.Event.Pdu;

        var response = Respond(room!, signed, omitMembers);
        var after = room!.Accept(signed);
        var rule = ReferenceEquals(restrictedSigned, join.Pdu) ? DanceRule.SendJoinAccepted : DanceRule.SendJoinAcceptedAuthorised;
        return EndpointResult<SendJoinAccepted>.Ok(rule, new SendJoinAccepted(response, signed, after, server.With(after)));
    }

    // The restricted-room half: re-evaluate the allow conditions (a joiner may come without make_join) and
    // add this resident's signature when the join names one of its users as the authoriser.
    private static (Pdu Signed, MatrixError? Error) Restricted(ResidentServer server, Room room, Pdu join)
    {
        var authoriser = join.Content[MemberContent.Authoriser] is JsonString named && room.Version.RestrictedJoins ? named.Value : null;

        // MSC3083: make_join and send_join must reach the same resident, which chose the authoriser; a join
        // naming another server's user "should return an error response with HTTP status code of 400".
        if (authoriser is not null && !server.IsLocal(authoriser))
        {
            return (join, MatrixError.Of(DanceRule.SendJoinAuthoriserOnOtherServer, $"the join names {authoriser}, who is not a user of {server.ServerName}"));
        }

        var evaluation = RestrictedJoins.Evaluate(server, room, join.Sender.Value);
        switch (evaluation.Verdict)
        {
            case RestrictedVerdict.NotRestricted:
            case RestrictedVerdict.AlreadyMember:
                break;
            case RestrictedVerdict.NoValidConditions:
                return (join, MatrixError.Of(DanceRule.SendJoinRestrictedNoValidConditions, "the room is restricted and its join rules allow through no valid condition"));
            case RestrictedVerdict.UnableToAuthorise:
                return (join, MatrixError.Of(DanceRule.SendJoinRestrictedUnableToAuthorise,
                    $"{server.ServerName} cannot evaluate every allow condition ({string.Join(", ", evaluation.AllowedRooms)}) and the user meets none it can"));
            case RestrictedVerdict.ConditionsNotMet:
                return (join, MatrixError.Of(DanceRule.SendJoinRestrictedConditionsNotMet, $"{join.Sender} is joined to none of the allowed rooms"));
            case RestrictedVerdict.Qualifies:
                // The named authoriser must still be joined with the invite level; if not, the joiner should
                // ask again (make_join names a current one) or try another resident.
                if (authoriser is not null && !RestrictedJoins.CanAuthorise(server, room, authoriser))
                {
                    return (join, MatrixError.Of(DanceRule.SendJoinRestrictedUnableToGrant, $"{authoriser} is no longer joined with the invite level"));
                }
                break;
            default:
                throw new System.Diagnostics.UnreachableException();
        }
        if (authoriser is null) return (join, null);

        // joins-v2.yaml: the resident owning the authoriser "must have a valid signature on the event ... added
        // before sending or persisting the event". Adding a signature changes neither the hashes nor the ID.
        var signed = EventSigning.SignEvent(join.Json, room.Version.Format, server.ServerName, server.SigningKey);
        var reparsed = PduParser.Parse(signed, room.Version.Format, PduParseOptions.Federation);
        if (!reparsed.IsOk || !reparsed.Value.EventId.Equals(join.EventId)) throw new InvalidOperationException("Countersigning changed the join: " + reparsed.Failure);
        return (reparsed.Value, null);
    }

    private static SendJoinResponse Respond(Room room, Pdu join, bool omitMembers)
    {
        // state: "the resolved current room state prior to the join event" — the state before the join, which its
        // prev events lead to (the joining server takes it as exactly that). It is the current state only when the
        // join follows the forward extremities; a join built on an older template must not be answered with state
        // that came after its prev events. In a stable order.
        var before = room.StateAt(join.PrevEvents) ?? room.State;
        var fullState = Room.InStableOrder(before.Events.Values);
        var heroes = omitMembers ? Heroes(before, join) : [];
        var state = omitMembers ? fullState.Where(e => e.Type != EventTypes.Member || heroes.Contains(e.EventId)).ToImmutableArray() : fullState;

        // auth_chain: the auth chain of the join and of every event in state. With omit_members, events that
        // are already in state may be left out (joins-v2.yaml) — we leave them out.
        var chain = room.AuthChain(state.Append(join));
        if (omitMembers)
        {
            var inState = state.Select(e => e.EventId.Value).ToImmutableSortedSet(StringComparer.Ordinal);
            chain = [.. chain.Where(e => !inState.Contains(e.EventId.Value))];
        }

        // members_omitted is true exactly when member events were left out (MSC3706: "It must otherwise be set to
        // false"); events in state may leave the auth chain either way ("whether or not membership events are omitted").
        return new SendJoinResponse(
            [.. state.Select(e => e.Json)],
            [.. chain.Select(e => e.Json)],
            join.Json,
            state.Length < fullState.Length,
            JoinedServers(before));
    }

    // With omit_members, a room without m.room.name or m.room.canonical_alias keeps the member events of the
    // users who would be its m.heroes: the first five joined or invited members other than the joiner
    // (client-server API /sync "m.heroes"), in our stable order (depth, then event ID) for "stream ordering".
    private static ImmutableArray<EventId> Heroes(AuthState state, Pdu join)
    {
        if (state.Get(EventTypes.Name, "") is not null || state.Get(EventTypes.CanonicalAlias, "") is not null) return [];
        var others = state.Events.Values.Where(e => e.Type == EventTypes.Member && e.StateKey != join.Sender.Value).ToImmutableArray();
        var candidates = Room.InStableOrder(others.Where(e => e.Membership is MembershipValues.Join or MembershipValues.Invite));
        // "When no joined or invited members are available, this should consist of the banned and left users."
        if (candidates.IsEmpty) candidates = Room.InStableOrder(others);
        return [.. candidates.Take(HeroCount).Select(e => e.EventId)];
    }

    // The servers with a joined member in the state before the join.
    private static ImmutableArray<string> JoinedServers(AuthState state) =>
        [.. state.Events.Values
            .Where(e => e.Type == EventTypes.Member && e.Membership == MembershipValues.Join && e.StateKey is not null)
            .Select(e => Identifiers.ServerOf(e.StateKey))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}
