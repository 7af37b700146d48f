using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Auth events selection (spec v1.19, server-server API "Auth events selection"): the state keys an
/// event may cite in <c>auth_events</c>. A correct event cites the current event at each key that
/// the state holds; an event citing any other key is rejected (`auth_events.unexpected`, spec v1.19, rooms v12
/// "Authorisation rules" 3.2).
/// </summary>
public static class AuthEventSelection
{
    /// <summary>
    /// The keys for an event of <paramref name="type"/> with <paramref name="stateKey"/> (null for a
    /// non-state event), sent by <paramref name="sender"/> with <paramref name="content"/>, in this order
    /// and without repeats: the create event (room versions 1–11; never in 12, where the room ID implies
    /// it), the power levels, the sender's membership; for member events also the target's membership,
    /// the join rules (join, invite, knock), the third-party invite whose state key is
    /// <c>content.third_party_invite.signed.token</c> (invite), and the membership of
    /// <c>content.join_authorised_via_users_server</c> (join, room versions 8+). A create event cites nothing.
    /// </summary>
    public static ImmutableArray<StateKey> Select(string type, string? stateKey, string sender, JsonObject content, RoomVersion version)
    {
        if (string.Equals(type, EventTypes.Create, StringComparison.Ordinal)) return [];
        var keys = new StateKey[MaxKeys];
        var count = Select(type, stateKey, sender, content, version, keys);
        return ImmutableArray.Create(keys, 0, count);
    }

    /// <summary>The most keys <see cref="Select(string, string, string, JsonObject, RoomVersion)"/> names.</summary>
    internal const int MaxKeys = 7;

    /// <summary>As <see cref="Select(string, string, string, JsonObject, RoomVersion)"/>, into <paramref name="keys"/> (at least <see cref="MaxKeys"/> long); answers how many.</summary>
    internal static int Select(string type, string? stateKey, string sender, JsonObject content, RoomVersion version, Span<StateKey> keys)
    {
        if (string.Equals(type, EventTypes.Create, StringComparison.Ordinal)) return 0;
        // Keys of different types never repeat one another, so only a member key is looked for among the member keys
        // before it (the sender's, the target's, the authoriser's).
        var count = 0;
        if (version.CreateEventInAuthEvents) keys[count++] = StateKey.Create;
        keys[count++] = StateKey.PowerLevels;
        keys[count++] = StateKey.Member(sender);
        if (string.Equals(type, EventTypes.Member, StringComparison.Ordinal))
        {
            if (stateKey is not null && !string.Equals(stateKey, sender, StringComparison.Ordinal)) keys[count++] = StateKey.Member(stateKey);
            var membership = (content["membership"] as JsonString)?.Value;
            if (membership is MembershipValues.Join or MembershipValues.Invite or MembershipValues.Knock)
            {
                keys[count++] = StateKey.JoinRules;
            }
            if (membership == MembershipValues.Invite
                && content.ContainsKey("third_party_invite")
                && ThirdPartyInviteToken(content) is { } token)
            {
                keys[count++] = StateKey.ThirdPartyInvite(token);
            }
            if (membership == MembershipValues.Join
                && version.RestrictedJoins
                && content["join_authorised_via_users_server"] is JsonString authoriser)
            {
                Add(keys, ref count, StateKey.Member(authoriser.Value));
            }
        }
        return count;
    }

    /// <summary>The keys <paramref name="pdu"/> may cite.</summary>
    public static ImmutableArray<StateKey> Select(Pdu pdu, RoomVersion version) =>
        Select(pdu.Type, pdu.StateKey, pdu.Sender.Value, pdu.Content, version);

    /// <summary>As <see cref="Select(Pdu, RoomVersion)"/>, into <paramref name="keys"/> (at least <see cref="MaxKeys"/> long); answers how many.</summary>
    internal static int Select(Pdu pdu, RoomVersion version, Span<StateKey> keys) =>
        Select(pdu.Type, pdu.StateKey, pdu.Sender.Value, pdu.Content, version, keys);

    /// <summary><c>content.third_party_invite.signed.token</c> when it is a string.</summary>
    internal static string? ThirdPartyInviteToken(JsonObject content) =>
        ((content["third_party_invite"] as JsonObject)?["signed"] as JsonObject)?["token"] is JsonString token ? token.Value : null;

    private static void Add(Span<StateKey> keys, ref int count, StateKey key)
    {
        if (keys[..count].IndexOf(key) < 0) keys[count++] = key;
    }
}
