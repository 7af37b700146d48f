using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 5 (v1–5) / 4 (v6–11) / 5 (v12): <c>m.room.member</c> events. This file holds the shape check
/// and the authorising server's signature (v8+), then hands each membership to its own rule file
/// (spec v1.19, rooms v1–v12 "Authorisation rules"). See <c>spec/rules/06-member.md</c>.
/// </summary>
internal static class MemberRules
{
    public static bool Applies(Pdu e) => string.Equals(e.Type, EventTypes.Member, StringComparison.Ordinal);

    public static AuthDecision Check(AuthCheck c)
    {
        var e = c.Event;

        // `member.no_state_key_or_membership` ("Authorisation rules" v1–5: 5.1; v6–11: 4.1; v12: 5.1):
        // a state key and a content.membership are required.
        if (e.StateKey is not { } target || !e.Content.TryGetValue("membership", out var membershipValue))
        {
            return AuthDecision.Reject(Rule.MemberNoStateKeyOrMembership,
                ("has_state_key", e.StateKey is null ? "false" : "true"), ("has_membership", e.Content.ContainsKey("membership") ? "true" : "false"));
        }

        // `member.authoriser_signature_invalid` ("Authorisation rules" v8–11: 4.2.1; v12: 5.2.1):
        // whatever the membership, content.join_authorised_via_users_server requires a valid signature by the server
        // of the user it names. A value that is not a user ID names no server, so no signature can satisfy it.
        // (Under synapse.authoriser_signature_join_only the signature is checked on receipt, for joins only:
        // MalformedEvents.OnReceipt.)
        if (c.Version.RestrictedJoins && !c.Diverges(Divergence.AuthoriserSignatureJoinOnly) && e.Content.TryGetValue(MemberContent.Authoriser, out var authoriserValue))
        {
            if (authoriserValue is not JsonString text || UserId.Parse(text.Value, UserIdGrammar.Historical) is not { IsOk: true } authoriser)
            {
                return AuthDecision.Reject(Rule.MemberAuthoriserSignatureInvalid, ("authoriser", authoriserValue.ToString()), ("problem", "not a user ID"));
            }
            var server = authoriser.Value.Server.Value;
            if (!c.Context.IsSignedBy(e, server))
            {
                return AuthDecision.Reject(Rule.MemberAuthoriserSignatureInvalid, ("authoriser", authoriser.Value.Value), ("authoriser_server", server));
            }
        }

        var membership = (membershipValue as JsonString)?.Value;

        // (profiles) the steps the implementation takes for every membership before telling them apart: the
        // room creator's first join, the target's server, then every level it may need.
        if (c.Diverges(Divergence.FederateChecksTarget) || c.Diverges(Divergence.MalformedMemberRaises) || c.Diverges(Divergence.PowerLevelsPythonInt))
        {
            if (membership == MembershipValues.Join && MemberJoinRules.CreatorFirstJoin(c, target) is { } first) return first;
            if ((MalformedEvents.OnTarget(c, target) ?? FederateRule.CheckTarget(c, target)) is { } early) return early;
            if (LevelReads.First(Rule.MemberUnknownMembership, LevelReads.User(c, c.Sender), LevelReads.User(c, target),
                LevelReads.Named(c, "invite"), LevelReads.Named(c, "ban")) is { } raised)
            {
                return raised;
            }
        }

        return membership switch
        {
            MembershipValues.Join => MemberJoinRules.Check(c, target),
            MembershipValues.Invite => MemberInviteRules.Check(c, target),
            MembershipValues.Leave => MemberLeaveRules.Check(c, target),
            MembershipValues.Ban => MemberBanRules.Check(c, target),
            MembershipValues.Knock when c.Version.Knocking => MemberKnockRules.Check(c, target),
            // `member.unknown_membership` ("Authorisation rules" v1–5: 5.6; v6: 4.6; v7: 4.7; v8–11: 4.8; v12: 5.8):
            // any other membership, including knock before v7 and a membership that is not a string.
            _ => AuthDecision.Reject(Rule.MemberUnknownMembership, ("membership", membershipValue.ToString())),
        };
    }
}
