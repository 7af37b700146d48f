using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The steps at which a profiled implementation reads an event's own fields before, and apart from, the
/// authorisation rules, and raises on a malformed one where the spec rejects it (or, for the authorising
/// server's signature, checks it there instead of in the rules). Each step runs only under its switch;
/// under the spec profile none of them decides anything.
/// </summary>
internal static class MalformedEvents
{
    /// <summary>
    /// What the implementation checks of the event itself on receipt, before the rules: a member event has
    /// a <c>membership</c> (<see cref="Divergence.MalformedMemberRaises"/>), and under
    /// <see cref="Divergence.AuthoriserSignatureJoinOnly"/> a join naming an authorising user (room versions
    /// 8+) carries that user's server's signature; the authoriser must be a string with a server part.
    /// </summary>
    public static AuthDecision? OnReceipt(Pdu e, RoomVersion version, AuthContext context)
    {
        if (!MemberRules.Applies(e)) return null;
        if (context.Diverges(Divergence.MalformedMemberRaises) && !e.Content.ContainsKey("membership"))
        {
            return AuthDecision.Raise(Rule.MemberNoStateKeyOrMembership, ImplementationException.KeyError, Divergence.MalformedMemberRaises, ("has_membership", "false"));
        }
        if (!context.Diverges(Divergence.AuthoriserSignatureJoinOnly) || !version.RestrictedJoins
            || e.Content["membership"] is not JsonString { Value: MembershipValues.Join }
            || !e.Content.TryGetValue(MemberContent.Authoriser, out var authoriser))
        {
            return null;
        }
        if (authoriser is not JsonString text)
        {
            return Malformed(context, ImplementationException.AttributeError, ("authoriser", authoriser.ToString()), ("problem", "not a string"));
        }
        var colon = text.Value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return Malformed(context, ImplementationException.SynapseError, ("authoriser", text.Value), ("problem", "no server part"));
        var server = text.Value[(colon + 1)..];
        return context.IsSignedBy(e, server)
            ? null
            : AuthDecision.Reject(Rule.MemberAuthoriserSignatureInvalid, ("authoriser", text.Value), ("authoriser_server", server));
    }

    /// <summary>
    /// What the implementation reads of the event to choose the keys it may cite, which it does before
    /// checking any citation and, in state resolution, before checking the event: under
    /// <see cref="Divergence.MalformedMemberRaises"/>, a member event's <c>membership</c> and state key,
    /// a third-party invite's <c>signed.token</c> and a join's authorising user as a key; under
    /// <see cref="Divergence.CitedCreateRaises"/> (room version 12, citations only), the create event listed
    /// among <c>auth_events</c>.
    /// </summary>
    public static AuthDecision? OnAuthTypes(Pdu e, RoomVersion version, AuthContext context, bool citations)
    {
        if (citations && context.Diverges(Divergence.CitedCreateRaises) && version.RoomIdIsCreateEventHash
            && e.RoomId.CreateEventId is { } create && e.AuthEvents.Contains(create))
        {
            return AuthDecision.Raise(Rule.AuthEventsUnexpected, ImplementationException.AssertionError, Divergence.CitedCreateRaises, ("auth_event", create.Value));
        }
        if (!context.Diverges(Divergence.MalformedMemberRaises) || !MemberRules.Applies(e)) return null;
        if (!e.Content.TryGetValue("membership", out var membership))
        {
            return AuthDecision.Raise(Rule.MemberNoStateKeyOrMembership, ImplementationException.KeyError, Divergence.MalformedMemberRaises, ("has_membership", "false"));
        }
        if (e.StateKey is null)
        {
            return AuthDecision.Raise(Rule.MemberNoStateKeyOrMembership, ImplementationException.AttributeError, Divergence.MalformedMemberRaises, ("has_state_key", "false"));
        }
        if (membership is JsonString { Value: MembershipValues.Invite }
            && e.Content.TryGetValue(MemberThirdPartyInviteRules.ThirdPartyInviteKey, out var invite)
            && TokenRaises(invite) is { } raised)
        {
            return AuthDecision.Raise(Rule.MemberInviteThirdPartyNoSigned, raised, Divergence.MalformedMemberRaises);
        }
        if (membership is JsonString { Value: MembershipValues.Join } && version.RestrictedJoins
            && e.Content[MemberContent.Authoriser] is JsonArray or JsonObject)
        {
            return AuthDecision.Raise(Rule.MemberJoinRestrictedNoAuthoriser, ImplementationException.TypeError, Divergence.MalformedMemberRaises);
        }
        return null;
    }

    /// <summary>
    /// Under <see cref="Divergence.MalformedMemberRaises"/>: a member event whose state key has no server
    /// part, which the implementation reads as a user ID after the room creator's first join.
    /// </summary>
    public static AuthDecision? OnTarget(AuthCheck c, string target) =>
        c.Diverges(Divergence.MalformedMemberRaises) && !target.Contains(':', StringComparison.Ordinal)
            ? AuthDecision.Raise(Rule.MemberJoinSenderNotTarget, ImplementationException.SynapseError, Divergence.MalformedMemberRaises, ("state_key", target))
            : null;

    // content.third_party_invite.signed.token read by indexing: a missing key raises key_error, indexing
    // something that is not an object raises type_error, and a token that is an array or object cannot be a key.
    private static ImplementationException? TokenRaises(JsonValue invite)
    {
        if (invite is not JsonObject inviteObject) return ImplementationException.TypeError;
        if (!inviteObject.TryGetValue("signed", out var signed)) return ImplementationException.KeyError;
        if (signed is not JsonObject signedObject) return ImplementationException.TypeError;
        if (!signedObject.TryGetValue("token", out var token)) return ImplementationException.KeyError;
        return token is JsonArray or JsonObject ? ImplementationException.TypeError : null;
    }

    private static AuthDecision Malformed(AuthContext context, ImplementationException raised, params ReadOnlySpan<(string Key, string Value)> evidence) =>
        context.Diverges(Divergence.MalformedMemberRaises)
            ? AuthDecision.Raise(Rule.MemberAuthoriserSignatureInvalid, raised, Divergence.MalformedMemberRaises, evidence)
            : AuthDecision.Reject(Rule.MemberAuthoriserSignatureInvalid, evidence);
}
