using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>
/// One member event put to the membership machine: the target's membership in the state, the trigger
/// the event represents (null when it represents none: no state key, or a membership value no rule
/// accepts), and the facts the guards read. Reading facts from events is all this does; whether the
/// event may happen is the machine's answer (<see cref="Answer"/>).
/// </summary>
public sealed record MembershipQuestion(MembershipState Current, MembershipTrigger? Trigger, MembershipContext Context)
{
    private const string ThirdPartyInviteKey = "third_party_invite";

    /// <summary>The question <paramref name="e"/> asks of a room in <paramref name="state"/> (the state before it, or its auth events as a state).</summary>
    public static MembershipQuestion Of(Pdu e, AuthState state, RoomVersion version, AuthContext authContext)
    {
        var sender = e.Sender.Value;
        var target = e.StateKey;
        var levels = state.LevelsUnder(version);
        var current = MembershipStates.From(target is null ? null : state.MembershipOf(target), version);
        var senderIsTarget = string.Equals(sender, target, StringComparison.Ordinal);
        var joinRules = state.JoinRules;
        var authoriser = e.Content[MemberContent.Authoriser];
        var authoriserUser = (authoriser as JsonString)?.Value;

        var context = new MembershipContext
        {
            Version = version,
            SenderMembership = MembershipStates.From(state.MembershipOf(sender), version),
            SenderIsTarget = senderIsTarget,
            HasJoinRules = joinRules is not null,
            JoinRule = (joinRules?.Content["join_rule"] as JsonString)?.Value,
            SenderLevel = levels.UserLevel(sender),
            TargetLevel = target is null ? 0 : levels.UserLevel(target),
            InviteLevel = levels.InviteLevel,
            KickLevel = levels.KickLevel,
            BanLevel = levels.BanLevel,
            CreatorFirstJoin = target is not null && IsCreatorsFirstJoin(e, target, state, version),
            AuthoriserNamed = authoriser is not null,
            AuthoriserSigned = Authoriser.UserOf(e) is { } parsed && authContext.IsSignedBy(e, parsed.Server.Value),
            AuthoriserQualifies = authoriserUser is not null
                && string.Equals(state.MembershipOf(authoriserUser), MembershipValues.Join, StringComparison.Ordinal)
                && levels.UserLevel(authoriserUser) >= levels.InviteLevel,
            ThirdPartyInviteValid = target is not null && ThirdPartyInviteVerifies(e, target, state),
            SenderServerAdmitted = SenderServerAdmitted(e, state),
        };
        return new MembershipQuestion(current, TriggerOf(e, target, senderIsTarget, current), context);
    }

    /// <summary>
    /// The membership the event leaves its target in when the machine permits it; null when it does not
    /// (or the event represents no trigger).
    /// </summary>
    public MembershipState? Answer()
    {
        if (Trigger is not { } trigger) return null;
        var machine = MembershipMachine.For(Current, Context);
        return machine.CanFire(trigger) ? machine.Fire(trigger) : null;
    }

    private static MembershipTrigger? TriggerOf(Pdu e, string? target, bool senderIsTarget, MembershipState current)
    {
        if (target is null || !string.Equals(e.Type, EventTypes.Member, StringComparison.Ordinal)) return null;
        return e.Membership switch
        {
            MembershipValues.Invite => e.Content.ContainsKey(ThirdPartyInviteKey) ? MembershipTrigger.InviteViaThirdParty : MembershipTrigger.Invite,
            MembershipValues.Join => MembershipTrigger.Join,
            MembershipValues.Leave when senderIsTarget => MembershipTrigger.LeaveSelf,
            MembershipValues.Leave => current == MembershipState.Ban ? MembershipTrigger.Unban : MembershipTrigger.Kick,
            MembershipValues.Ban => MembershipTrigger.Ban,
            MembershipValues.Knock => MembershipTrigger.Knock,
            _ => null,
        };
    }


    // The only previous event is the create event, and the target is the creator: content.creator in
    // v1–10, the create event's sender from v11 (spec v1.19, rooms v11 "Authorisation rules").
    private static bool IsCreatorsFirstJoin(Pdu e, string target, AuthState state, RoomVersion version)
    {
        if (state.Create is not { } create || e.PrevEvents.Length != 1 || !e.PrevEvents[0].Equals(create.EventId)) return false;
        var creator = version.CreatorInContent ? (create.Content["creator"] as JsonString)?.Value : create.Sender.Value;
        return string.Equals(creator, target, StringComparison.Ordinal);
    }

    // content.third_party_invite.signed names the target and a token of the state, the matching
    // m.room.third_party_invite has the same sender, and one of its public keys verifies a signature.
    private static bool ThirdPartyInviteVerifies(Pdu e, string target, AuthState state)
    {
        if ((e.Content[ThirdPartyInviteKey] as JsonObject)?["signed"] is not JsonObject signed) return false;
        if (signed["mxid"] is not JsonString mxid || !string.Equals(mxid.Value, target, StringComparison.Ordinal)) return false;
        if (signed["token"] is not JsonString token || state.ThirdPartyInvite(token.Value) is not { } invite) return false;
        return invite.Sender.Equals(e.Sender) && ThirdPartyInviteSignature.FindValid(signed, invite.Content) is not null;
    }

    private static bool SenderServerAdmitted(Pdu e, AuthState state) =>
        state.Create is not { } create
        || create.Content["m.federate"] is not JsonBool { Value: false }
        || e.Sender.Server.Equals(create.Sender.Server);
}
