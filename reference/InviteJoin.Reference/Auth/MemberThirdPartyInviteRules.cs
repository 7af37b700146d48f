using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// An invite with <c>content.third_party_invite</c> (spec v1.19, rooms v1–v12 "Authorisation rules":
/// v1–5 5.3.1, v6–7 4.3.1, v8–11 4.4.1, v12 5.4.1). It is authorised by a signature over
/// <c>signed</c> made with a key the <c>m.room.third_party_invite</c> event published, by that event's
/// sender; the sender's membership and invite level are not checked again here (they were checked when
/// the <c>m.room.third_party_invite</c> event was sent). See <c>spec/rules/06b-member-invite.md</c>.
/// </summary>
internal static class MemberThirdPartyInviteRules
{
    public const string ThirdPartyInviteKey = "third_party_invite";

    public static AuthDecision Check(AuthCheck c, string target)
    {
        // (profiles) the implementation verifies the signature before it looks at the target's membership,
        // and reading a published key may raise.
        var synapse = c.Diverges(Profiles.Divergence.ThirdPartyInviteFirstSignature) ? FirstSignature(c, target) : null;
        if (synapse?.Raised is { } raised)
        {
            return AuthDecision.Raise(Rule.MemberInviteThirdPartyBadSignature, raised, Profiles.Divergence.ThirdPartyInviteFirstSignature);
        }

        // `member.invite.third_party.target_banned` ("Authorisation rules" v1–5: 5.3.1.1; v6–7: 4.3.1.1; v8–11: 4.4.1.1; v12: 5.4.1.1):
        // the target is not banned.
        if (c.Is(target, MembershipValues.Ban)) return AuthDecision.Reject(Rule.MemberInviteThirdPartyTargetBanned, ("target_membership", MembershipValues.Ban));

        // `member.invite.third_party.no_signed` ("Authorisation rules" v1–5: 5.3.1.2; v6–7: 4.3.1.2; v8–11: 4.4.1.2; v12: 5.4.1.2):
        // third_party_invite has a signed property (something that is not an object has none).
        if ((c.Event.Content[ThirdPartyInviteKey] as JsonObject)?["signed"] is not { } signedValue)
        {
            return AuthDecision.Reject(Rule.MemberInviteThirdPartyNoSigned);
        }

        // `member.invite.third_party.missing_mxid_or_token` ("Authorisation rules" v1–5: 5.3.1.3; v6–7: 4.3.1.3; v8–11: 4.4.1.3; v12: 5.4.1.3):
        // signed has mxid and token.
        var signed = signedValue as JsonObject;
        if (signed is null || !signed.ContainsKey("mxid") || !signed.ContainsKey("token"))
        {
            return AuthDecision.Reject(Rule.MemberInviteThirdPartyMissingMxidOrToken);
        }

        // `member.invite.third_party.mxid_mismatch` ("Authorisation rules" v1–5: 5.3.1.4; v6–7: 4.3.1.4; v8–11: 4.4.1.4; v12: 5.4.1.4):
        // mxid is the target (a value that is not a string matches no state key).
        if (signed["mxid"] is not JsonString mxid || !string.Equals(mxid.Value, target, StringComparison.Ordinal))
        {
            return AuthDecision.Reject(Rule.MemberInviteThirdPartyMxidMismatch, ("mxid", signed["mxid"]!.ToString()), ("state_key", target));
        }

        // `member.invite.third_party.no_matching_invite` ("Authorisation rules" v1–5: 5.3.1.5; v6–7: 4.3.1.5; v8–11: 4.4.1.5; v12: 5.4.1.5):
        // the room state has an m.room.third_party_invite whose state key is the token.
        if (signed["token"] is not JsonString token || c.State.ThirdPartyInvite(token.Value) is not { } invite)
        {
            return AuthDecision.Reject(Rule.MemberInviteThirdPartyNoMatchingInvite, ("token", signed["token"]!.ToString()));
        }

        // `member.invite.third_party.sender_mismatch` ("Authorisation rules" v1–5: 5.3.1.6; v6–7: 4.3.1.6; v8–11: 4.4.1.6; v12: 5.4.1.6):
        // the sender is the sender of that m.room.third_party_invite.
        if (!invite.Sender.Equals(c.Event.Sender))
        {
            return AuthDecision.Reject(Rule.MemberInviteThirdPartySenderMismatch, ("sender", c.Sender), ("third_party_invite_sender", invite.Sender.Value));
        }

        // `member.invite.third_party.allowed` ("Authorisation rules" v1–5: 5.3.1.7; v6–7: 4.3.1.7; v8–11: 4.4.1.7; v12: 5.4.1.7):
        // any signature in signed verifies with any public key of that event: allow.
        if ((synapse is { } tried ? tried.Verified : ThirdPartyInviteSignature.FindValid(signed, invite.Content)) is { } verified)
        {
            return AuthDecision.Allow(Rule.MemberInviteThirdPartyAllowed, ("token", token.Value), ("signed_by", verified));
        }

        // `member.invite.third_party.bad_signature` ("Authorisation rules" v1–5: 5.3.1.8; v6–7: 4.3.1.8; v8–11: 4.4.1.8; v12: 5.4.1.8):
        // otherwise, reject.
        return AuthDecision.Reject(Rule.MemberInviteThirdPartyBadSignature, ("token", token.Value));
    }

    // What the implementation's signature test answers once the structure checks before it pass; null when
    // one of them fails (then the spec's order decides, with the same verdict).
    private static (string? Verified, Profiles.ImplementationException? Raised)? FirstSignature(AuthCheck c, string target)
    {
        if ((c.Event.Content[ThirdPartyInviteKey] as JsonObject)?["signed"] is not JsonObject signed
            || !signed.ContainsKey("mxid") || !signed.ContainsKey("token") || !signed.ContainsKey(Crypto.JsonSigning.SignaturesKey)
            || signed["token"] is not JsonString token || c.State.ThirdPartyInvite(token.Value) is not { } invite
            || !invite.Sender.Equals(c.Event.Sender)
            || signed["mxid"] is not JsonString mxid || !string.Equals(mxid.Value, target, StringComparison.Ordinal))
        {
            return null;
        }
        return ThirdPartyInviteSignature.FirstSignatureOnly(signed, invite.Content);
    }
}
