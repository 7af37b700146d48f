using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>What a resident concludes about a join to a restricted room (spec v1.19, server-server API "Restricted rooms").</summary>
internal enum RestrictedVerdict
{
    /// <summary>The join rule is neither <c>restricted</c> (v8+) nor <c>knock_restricted</c> (v10+): no condition applies.</summary>
    NotRestricted,

    /// <summary>The user is already invited or joined and needs no condition (`member.join.restricted.already_member`).</summary>
    AlreadyMember,

    /// <summary>The <c>allow</c> list has no entry of the <c>m.room_membership</c> schema: every condition fails.</summary>
    NoValidConditions,

    /// <summary>
    /// The user meets none of the conditions the resident could evaluate, and some it could not (an allowed room it is
    /// not resident in): none was met, but not every one failed, so another resident may authorise the join.
    /// </summary>
    UnableToAuthorise,

    /// <summary>The resident evaluated every condition and the user meets none: the user failed them all.</summary>
    ConditionsNotMet,

    /// <summary>The user is joined to an allowed room the resident is in.</summary>
    Qualifies,
}

/// <summary>The verdict, with the allowed rooms that were read and the one the user qualified through.</summary>
internal sealed record RestrictedEvaluation(RestrictedVerdict Verdict, ImmutableArray<string> AllowedRooms, string? QualifyingRoom);

/// <summary>
/// The resident's half of a restricted join (spec v1.19, server-server API "Restricted rooms";
/// client-server API "Restricted rooms"; MSC3083): evaluating the join rule's <c>allow</c> conditions
/// against the rooms the resident is in, and choosing a local user who may authorise the join.
/// </summary>
internal static class RestrictedJoins
{
    public const string AllowConditionType = "m.room_membership";

    /// <summary>Evaluates whether <paramref name="userId"/> may join <paramref name="room"/> through its allow conditions.</summary>
    public static RestrictedEvaluation Evaluate(ResidentServer server, Room room, string userId)
    {
        var joinRules = room.State.JoinRules?.Content;
        var joinRule = (joinRules?["join_rule"] as JsonString)?.Value;
        var restricted = (room.Version.RestrictedJoins && joinRule == JoinRuleValues.Restricted)
            || (room.Version.KnockRestricted && joinRule == JoinRuleValues.KnockRestricted);
        if (!restricted) return new(RestrictedVerdict.NotRestricted, [], null);

        // An invited or joined user needs no condition (client-server API "Restricted rooms").
        var membership = room.MembershipOf(userId);
        if (membership is MembershipValues.Invite or MembershipValues.Join) return new(RestrictedVerdict.AlreadyMember, [], null);

        // Entries not matching the schema are ignored; none left means every condition failed
        // (server-server API "Restricted rooms": "If no conditions are available, or none match the required schema").
        var allowed = AllowedRooms(joinRules!);
        if (allowed.IsEmpty) return new(RestrictedVerdict.NoValidConditions, allowed, null);

        // A condition can be evaluated only for an allowed room this server is resident in.
        var evaluable = allowed.Where(id => server.Room(id) is { } other && server.IsResidentIn(other)).ToImmutableArray();

        foreach (var id in evaluable)
        {
            if (server.Room(id)!.MembershipOf(userId) == MembershipValues.Join) return new(RestrictedVerdict.Qualifies, allowed, id);
        }

        // 403 only when the joiner "fails all conditions"; a condition this resident cannot evaluate is not failed.
        // With one or more left unevaluated it answers 400 M_UNABLE_TO_AUTHORISE_JOIN, "unable to validate" them,
        // and the joiner tries another resident (MSC3083 says the same; Synapse answers so).
        return allowed.All(id => evaluable.Contains(id, StringComparer.Ordinal))
            ? new(RestrictedVerdict.ConditionsNotMet, allowed, null)
            : new(RestrictedVerdict.UnableToAuthorise, allowed, null);
    }

    /// <summary>
    /// The user the resident names in <c>join_authorised_via_users_server</c>: a local user who is joined in the
    /// current state and whose power level reaches the invite level (creators included: in room version 12
    /// their power is infinite; B29, B30). Several qualify: the first in ordinal order, so the choice is stable.
    /// </summary>
    public static string? ChooseAuthoriser(ResidentServer server, Room room) =>
        server.LocalJoinedMembers(room).FirstOrDefault(user => CanAuthorise(server, room, user));

    /// <summary>True when <paramref name="userId"/> is local, joined in the current state, and at or above the invite level.</summary>
    public static bool CanAuthorise(ResidentServer server, Room room, string userId)
    {
        if (!server.IsLocal(userId) || room.MembershipOf(userId) != MembershipValues.Join) return false;
        var levels = room.State.LevelsUnder(room.Version);
        return levels.UserLevel(userId) >= levels.InviteLevel;
    }

    private static ImmutableArray<string> AllowedRooms(JsonObject joinRules)
    {
        if (joinRules["allow"] is not JsonArray allow) return [];
        var rooms = ImmutableArray.CreateBuilder<string>();
        foreach (var entry in allow)
        {
            if (entry is JsonObject condition
                && condition["type"] is JsonString { Value: AllowConditionType }
                && condition["room_id"] is JsonString roomId)
            {
                rooms.Add(roomId.Value);
            }
        }
        return rooms.ToImmutable();
    }
}
