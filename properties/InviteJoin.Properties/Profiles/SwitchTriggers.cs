using System.Collections.Immutable;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Properties.Profiles;

/// <summary>
/// For each divergence switch, what an input must hold for the switch to be able to change an answer,
/// written from the switch's description in spec/divergences.md and never from the code that implements it.
/// Each trigger may be broader than the switch (it may hold where the answer does not change); it must
/// never be narrower, or a property built on it would blame a switch for doing its job.
/// </summary>
internal static class SwitchTriggers
{
    private static readonly string[] LevelKeys = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"];
    private static readonly string[] LevelMaps = ["users", "events", "notifications"];

    /// <summary>True when <paramref name="divergence"/> may change the answer to the <c>auth</c> request of <paramref name="e"/> against <paramref name="supplied"/>.</summary>
    public static bool TouchesAuth(Divergence divergence, RoomVersion version, Pdu e, IReadOnlyList<Pdu> supplied) => divergence switch
    {
        // State resolution only.
        Divergence.RejectedNeverReadmitted or Divergence.RejectedStateEntriesKept or Divergence.AuthDifferenceIncludesState
            or Divergence.V1KeepsLastCandidate or Divergence.PowerEventsEmptyStateKey => false,
        Divergence.CreateExperimentalRoomVersions =>
            IsType(e, "m.room.create") && e.Content.TryGetValue("room_version", out var named) && (named is not JsonString text || !RoomVersionRegistry.Lookup(text.Value).IsOk),
        Divergence.FederateChecksTarget => IsType(e, "m.room.member") && supplied.Any(a => IsType(a, "m.room.create") && a.Content.ContainsKey("m.federate")),
        Divergence.FederateOnlyTrue => supplied.Any(a => IsType(a, "m.room.create") && a.Content.TryGetValue("m.federate", out var value) && value is not JsonBool),
        Divergence.AuthoriserSignatureJoinOnly => version.RestrictedJoins && IsType(e, "m.room.member") && e.Content.ContainsKey("join_authorised_via_users_server"),
        Divergence.JoinRuleAbsentIsInvite => IsType(e, "m.room.member") && supplied.Any(a => IsType(a, "m.room.join_rules") && !a.Content.ContainsKey("join_rule")),
        Divergence.PowerLevelsPythonInt => supplied.Any(a => IsType(a, "m.room.power_levels") && !AllIntegers(a.Content)),
        Divergence.PowerLevelsByOwnStateKey => IsType(e, "m.room.power_levels") && e.StateKey is { Length: > 0 },
        Divergence.PowerLevelsContentRaises => IsType(e, "m.room.power_levels")
            && (!AllIntegers(e.Content) || HasInvalidUser(e.Content) || (version.PrivilegedCreators && ListsCreator(e.Content, supplied))),
        Divergence.MalformedMemberRaises => IsType(e, "m.room.member") && MalformedMember(e),
        Divergence.ThirdPartyInviteFirstSignature => IsType(e, "m.room.member") && e.Content.ContainsKey("third_party_invite"),
        Divergence.MissingAuthEventRaises => e.AuthEvents.Any(id => !supplied.Any(a => a.EventId.Equals(id)))
            || (version.RoomIdIsCreateEventHash && !IsType(e, "m.room.create") && !supplied.Any(a => IsType(a, "m.room.create"))),
        Divergence.CitedCreateRaises => version.RoomIdIsCreateEventHash && e.RoomId.CreateEventId is { } create && e.AuthEvents.Contains(create),
        _ => true,
    };

    /// <summary>True when <paramref name="divergence"/> may change the resolution of <paramref name="room"/>'s state sets.</summary>
    public static bool TouchesResolution(Divergence divergence, ForkedRoom room, EventGraph graph) => divergence switch
    {
        Divergence.RejectedNeverReadmitted or Divergence.RejectedStateEntriesKept => !room.Rejected.IsEmpty,
        Divergence.AuthDifferenceIncludesState => room.Version.StateResolution != StateResolutionAlgorithm.V1 && AuthDifferencesDiffer(room, graph),
        Divergence.V1KeepsLastCandidate => room.Version.StateResolution == StateResolutionAlgorithm.V1 && ConflictedKeys(room).Any(k => k.Type is not ("m.room.power_levels" or "m.room.join_rules" or "m.room.member")),
        Divergence.PowerEventsEmptyStateKey => room.Events.Any(e => IsType(e, "m.room.power_levels") || IsType(e, "m.room.join_rules") ? e.StateKey is { Length: > 0 } : false)
            || room.StateSets.Any(set => !set.ContainsKey(StateKey.Create)),
        Divergence.CitedCreateRaises => room.Version.RoomIdIsCreateEventHash && room.Events.Any(e => e.RoomId.CreateEventId is { } c && e.AuthEvents.Contains(c)),
        Divergence.MissingAuthEventRaises => false,
        // The rules' switches can change an event's check, and so a resolution, only through events that trigger them.
        _ => room.Events.Any(e => TouchesAuth(divergence, room.Version, e, room.Events)),
    };

    private static bool IsType(Pdu e, string type) => string.Equals(e.Type, type, StringComparison.Ordinal);

    private static bool AllIntegers(JsonObject content)
    {
        foreach (var key in LevelKeys)
        {
            if (content[key] is { } value and not JsonNumber { Integer: not null }) return false;
        }
        foreach (var map in LevelMaps)
        {
            if (content[map] is { } value && (value is not JsonObject entries || entries.Members.Any(m => m.Value is not JsonNumber { Integer: not null }))) return false;
        }
        return true;
    }

    private static bool ListsCreator(JsonObject content, IReadOnlyList<Pdu> supplied) =>
        content["users"] is JsonObject users && supplied.Where(a => IsType(a, "m.room.create")).Any(create =>
            users.ContainsKey(create.Sender.Value)
            || (create.Content["additional_creators"] is JsonArray extra && extra.OfType<JsonString>().Any(u => users.ContainsKey(u.Value))));

    private static bool HasInvalidUser(JsonObject content) =>
        content["users"] is JsonObject users && users.Members.Any(m => !UserId.IsValid(m.Key, UserIdGrammar.Historical));

    private static bool MalformedMember(Pdu e)
    {
        if (!e.Content.ContainsKey("membership") || e.StateKey is null || !e.StateKey.Contains(':', StringComparison.Ordinal)) return true;
        if (e.Content.TryGetValue("third_party_invite", out var invite)
            && ((invite as JsonObject)?["signed"] as JsonObject)?["token"] is not JsonString) return true;
        return e.Content.TryGetValue("join_authorised_via_users_server", out var authoriser)
            && (authoriser is not JsonString text || !text.Value.Contains(':', StringComparison.Ordinal));
    }

    private static IEnumerable<StateKey> ConflictedKeys(ForkedRoom room)
    {
        var keys = room.StateSets.SelectMany(set => set.Keys).Distinct();
        return keys.Where(key => room.StateSets.Select(set => set.TryGetValue(key, out var id) ? id.Value : "").Distinct(StringComparer.Ordinal).Count() > 1);
    }

    // The auth difference as the spec defines it, against one where each state set's events count in its own chain.
    private static bool AuthDifferencesDiffer(ForkedRoom room, EventGraph graph)
    {
        var sets = room.StateSets.Select(set => set.Values.ToImmutableArray()).ToList();
        var spec = AuthChains.Difference(graph, [.. sets.Select(s => (IEnumerable<EventId>)s)]).Value.Select(id => id.Value).ToHashSet(StringComparer.Ordinal);
        var chains = sets.Select(s => AuthChains.Full(graph, s).Value.Select(id => id.Value).Concat(s.Select(id => id.Value)).ToHashSet(StringComparer.Ordinal)).ToList();
        var counted = chains.SelectMany(c => c).Where(id => !chains.All(c => c.Contains(id))).ToHashSet(StringComparer.Ordinal);
        foreach (var key in ConflictedKeys(room))
        {
            foreach (var set in room.StateSets)
            {
                if (!set.TryGetValue(key, out var id)) continue;
                spec.Add(id.Value);
                counted.Add(id.Value);
            }
        }
        return !spec.SetEquals(counted);
    }
}
