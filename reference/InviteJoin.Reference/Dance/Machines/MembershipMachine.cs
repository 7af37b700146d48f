using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using S = InviteJoin.Reference.Dance.Machines.MembershipState;
using Stateless.Reflection;
using T = InviteJoin.Reference.Dance.Machines.MembershipTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>
/// The membership of one user as a state machine: which member events may move the user from one
/// membership to another, and on what conditions (spec v1.19, rooms v1–v12 "Authorisation rules", the
/// <c>m.room.member</c> rules, read as a transition table). It is a second, independent statement of
/// those rules, checked against <see cref="EventAuthorizer"/> by invariant I-01; where the spec's
/// informal diagram and table disagree with the rules (an <c>invite → knock</c> edge, no
/// <c>knock → join</c>), the machine follows the rules.
/// </summary>
/// <remarks>
/// Two checks apply to every member event before the table and are not drawn on every edge:
/// the room must admit the sender's server (<c>m.federate</c>, rule 3 in v1–11, 4 in v12), and from room
/// version 8 an event naming <c>join_authorised_via_users_server</c> must be signed by that user's
/// server. <see cref="CanFire"/> applies them; <see cref="Preconditions"/> lists them for the diagram.
/// </remarks>
public sealed class MembershipMachine : GuardedMachine<MembershipState, MembershipTrigger>
{
    private const string FederateDescription = "the room admits the sender's server (m.federate)";
    private const string AuthoriserSignedDescription = "the server of a named join_authorised_via_users_server signed the event";

    private readonly MembershipContext _context;

    private MembershipMachine(MembershipState current, MembershipContext context)
        : base(current)
    {
        _context = context;
        var c = context;
        var version = c.Version;

        // The guards, in the words the diagram shows.
        var senderJoined = When(() => c.SenderMembership == S.Join, "sender is joined");
        var senderMayInvite = When(() => c.SenderLevel >= c.InviteLevel, "sender's level ≥ invite level");
        var senderMayKick = When(() => c.SenderLevel >= c.KickLevel, "sender's level ≥ kick level");
        var senderMayBan = When(() => c.SenderLevel >= c.BanLevel, "sender's level ≥ ban level");
        var targetBelowSender = When(() => c.TargetLevel < c.SenderLevel, "target's level is below the sender's");
        var thirdPartySigned = When(() => c.ThirdPartyInviteValid, "third_party_invite signed with a key of the matching m.room.third_party_invite, by its sender");
        var creatorsFirstJoin = When(() => c.CreatorFirstJoin, "creator's first join (the only prev event is the create event)");
        // Stateless needs the guards of one trigger to exclude each other; the creator's first join is
        // decided before any other join rule, so the ordinary join edges exclude it.
        var ordinarySelfJoin = When(() => c.SenderIsTarget && !c.CreatorFirstJoin, "sender is the target, not the creator's first join");
        var self = When(() => c.SenderIsTarget, "sender is the target");
        var publicRoom = When(() => JoinRuleIs(c, JoinRuleValues.Public), "join rule is public");
        var authoriserQualifies = When(() => c.AuthoriserQualifies, "join_authorised_via_users_server names a joined user with level ≥ invite level");

        var restrictedRules = RestrictedRules(version);
        var restrictedRoom = When(() => restrictedRules.Any(rule => JoinRuleIs(c, rule)), "join rule is " + OneOf(restrictedRules));
        var knockRules = KnockRules(version);
        var knockableRoom = When(() => knockRules.Any(rule => JoinRuleIs(c, rule)), "join rule is " + OneOf(knockRules));
        var memberRules = MemberRules(version);
        var admitsMembers = When(() => !c.HasJoinRules || memberRules.Any(rule => JoinRuleIs(c, rule)), "join rule is " + OneOf(memberRules) + ", or the room has none");

        // none: never a member.
        In(S.None)
            .PermitIf(T.Invite, S.Invite, senderJoined, senderMayInvite)
            .PermitIf(T.InviteViaThirdParty, S.Invite, thirdPartySigned)
            .PermitIf(T.Join, S.Join, creatorsFirstJoin)
            .PermitIf(T.Join, S.Join, ordinarySelfJoin, publicRoom)
            .PermitIf(T.Kick, S.Leave, senderJoined, senderMayKick, targetBelowSender)
            .PermitIf(T.Ban, S.Ban, senderJoined, senderMayBan, targetBelowSender);
        if (version.RestrictedJoins) In(S.None).PermitIf(T.Join, S.Join, ordinarySelfJoin, restrictedRoom, authoriserQualifies);
        if (version.Knocking) In(S.None).PermitIf(T.Knock, S.Knock, self, knockableRoom);

        // invite: re-invite, accept, reject, revoke.
        In(S.Invite)
            .PermitReentryIf(T.Invite, senderJoined, senderMayInvite)
            .PermitReentryIf(T.InviteViaThirdParty, thirdPartySigned)
            .PermitIf(T.Join, S.Join, creatorsFirstJoin)
            .PermitIf(T.Join, S.Join, ordinarySelfJoin, admitsMembers)
            .PermitIf(T.LeaveSelf, S.Leave, self)
            .PermitIf(T.Kick, S.Leave, senderJoined, senderMayKick, targetBelowSender)
            .PermitIf(T.Ban, S.Ban, senderJoined, senderMayBan, targetBelowSender);

        // join: profile changes are joins again; no ordinary invite, but the third-party path does not ask.
        In(S.Join)
            .PermitIf(T.InviteViaThirdParty, S.Invite, thirdPartySigned)
            .PermitReentryIf(T.Join, creatorsFirstJoin)
            .PermitReentryIf(T.Join, ordinarySelfJoin, admitsMembers)
            .PermitIf(T.LeaveSelf, S.Leave, self)
            .PermitIf(T.Kick, S.Leave, senderJoined, senderMayKick, targetBelowSender)
            .PermitIf(T.Ban, S.Ban, senderJoined, senderMayBan, targetBelowSender);

        // leave: like none; kicking someone who already left is allowed and changes nothing.
        In(S.Leave)
            .PermitIf(T.Invite, S.Invite, senderJoined, senderMayInvite)
            .PermitIf(T.InviteViaThirdParty, S.Invite, thirdPartySigned)
            .PermitIf(T.Join, S.Join, creatorsFirstJoin)
            .PermitIf(T.Join, S.Join, ordinarySelfJoin, publicRoom)
            .PermitReentryIf(T.Kick, senderJoined, senderMayKick, targetBelowSender)
            .PermitIf(T.Ban, S.Ban, senderJoined, senderMayBan, targetBelowSender);
        if (version.RestrictedJoins) In(S.Leave).PermitIf(T.Join, S.Join, ordinarySelfJoin, restrictedRoom, authoriserQualifies);
        if (version.Knocking) In(S.Leave).PermitIf(T.Knock, S.Knock, self, knockableRoom);

        // ban: only an unban, a re-ban, or the creator's first join (which the ban check comes after).
        In(S.Ban)
            .PermitIf(T.Join, S.Join, creatorsFirstJoin)
            .PermitIf(T.Unban, S.Leave, senderJoined, senderMayBan, senderMayKick, targetBelowSender)
            .PermitReentryIf(T.Ban, senderJoined, senderMayBan, targetBelowSender);

        // knock (v7+): accepted by an invite, denied by a kick or a ban, retracted by leaving; no knock
        // from invite (the auth rules refuse a knock by an invited user, whatever the informal diagram shows).
        if (version.Knocking)
        {
            In(S.Knock)
                .PermitIf(T.Invite, S.Invite, senderJoined, senderMayInvite)
                .PermitIf(T.InviteViaThirdParty, S.Invite, thirdPartySigned)
                .PermitIf(T.Join, S.Join, creatorsFirstJoin)
                .PermitIf(T.Join, S.Join, ordinarySelfJoin, publicRoom)
                .PermitIf(T.LeaveSelf, S.Leave, self)
                .PermitIf(T.Kick, S.Leave, senderJoined, senderMayKick, targetBelowSender)
                .PermitIf(T.Ban, S.Ban, senderJoined, senderMayBan, targetBelowSender)
                .PermitReentryIf(T.Knock, self, knockableRoom);
            if (version.RestrictedJoins) In(S.Knock).PermitIf(T.Join, S.Join, ordinarySelfJoin, restrictedRoom, authoriserQualifies);
        }
    }

    /// <summary>The facts the guards read.</summary>
    public MembershipContext Context => _context;

    /// <summary>The machine for a user whose membership is <paramref name="current"/>, asked about one event described by <paramref name="context"/>.</summary>
    public static MembershipMachine For(MembershipState current, MembershipContext context) => new(current, context);

    /// <summary>The states, transitions and guards of the machine of <paramref name="version"/>, for its diagram.</summary>
    public static StateMachineInfo Describe(RoomVersion version) => For(S.None, MembershipContext.For(version)).Info;

    /// <summary>The checks every member event must pass before the transition table applies, as the diagram notes them.</summary>
    public static ImmutableArray<string> Preconditions(RoomVersion version) =>
        version.RestrictedJoins ? [FederateDescription, AuthoriserSignedDescription + " (v8+)"] : [FederateDescription];

    /// <summary>True when the preconditions hold and <paramref name="trigger"/> has a transition whose guards hold.</summary>
    public override bool CanFire(MembershipTrigger trigger) => UnmetPreconditions().IsEmpty && base.CanFire(trigger);

    /// <inheritdoc/>
    public override ImmutableArray<string> UnmetGuards(MembershipTrigger trigger)
    {
        var unmet = UnmetPreconditions();
        return base.CanFire(trigger) ? unmet : unmet.AddRange(base.UnmetGuards(trigger));
    }

    private ImmutableArray<string> UnmetPreconditions()
    {
        var unmet = ImmutableArray<string>.Empty;
        if (!_context.SenderServerAdmitted) unmet = unmet.Add(FederateDescription);
        if (_context.Version.RestrictedJoins && _context.AuthoriserNamed && !_context.AuthoriserSigned) unmet = unmet.Add(AuthoriserSignedDescription);
        return unmet;
    }

    private static bool JoinRuleIs(MembershipContext c, string rule) => c.HasJoinRules && string.Equals(c.JoinRule, rule, StringComparison.Ordinal);

    // Which join rules a room version knows, and so which of them the guards name.
    private static ImmutableArray<string> RestrictedRules(RoomVersion version) =>
        version.KnockRestricted ? [JoinRuleValues.Restricted, JoinRuleValues.KnockRestricted] : [JoinRuleValues.Restricted];

    private static ImmutableArray<string> KnockRules(RoomVersion version) =>
        version.KnockRestricted ? [JoinRuleValues.Knock, JoinRuleValues.KnockRestricted] : [JoinRuleValues.Knock];

    private static ImmutableArray<string> MemberRules(RoomVersion version)
    {
        var rules = ImmutableArray.Create(JoinRuleValues.Invite);
        if (version.Knocking) rules = rules.Add(JoinRuleValues.Knock);
        if (version.RestrictedJoins) rules = rules.Add(JoinRuleValues.Restricted);
        if (version.KnockRestricted) rules = rules.Add(JoinRuleValues.KnockRestricted);
        return rules.Add(JoinRuleValues.Public);
    }

    private static string OneOf(ImmutableArray<string> words) =>
        words.Length == 1 ? words[0] : string.Join(", ", words.Take(words.Length - 1)) + " or " + words[^1];
}
