using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The user a restricted join names in <c>content.join_authorised_via_users_server</c>, and that user's server,
/// which must have signed the event (spec v1.19, rooms v8+ "Authorisation rules", the member rules;
/// server-server API "Restricted rooms"; MSC3083). Read in one place for the auth rules, the checks on
/// receipt and the resident that countersigns.
/// </summary>
public static class Authoriser
{
    /// <summary>The user <paramref name="e"/> names, when the value is a user ID; null when absent or malformed.</summary>
    public static UserId? UserOf(Pdu e) =>
        e.Content[MemberContent.Authoriser] is JsonString text && UserId.Parse(text.Value, UserIdGrammar.Historical) is { IsOk: true } user
            ? user.Value
            : null;

    /// <summary>
    /// The server whose signature a member event of <paramref name="version"/> needs because it names an
    /// authoriser: null before room version 8, for other event types, and when no well-formed user is named.
    /// </summary>
    public static string? ServerOf(Pdu e, RoomVersion version) =>
        version.RestrictedJoins && string.Equals(e.Type, EventTypes.Member, StringComparison.Ordinal) && UserOf(e) is { } user
            ? user.Server.Value
            : null;
}
