// Generated from spec/rules/catalogue.json by generators/InviteJoin.Catalogue: edit the catalogue, then run
// `dotnet run --project generators/InviteJoin.Catalogue -- --write`. A test fails while this file differs from what the catalogue gives.
using System.Diagnostics;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The decision and the human sentence of every <see cref="Rule"/>, from <c>spec/rules/catalogue.json</c>.
/// Decisions carry the sentence as their reason; tests and vectors compare the token, never the sentence.
/// </summary>
public static class RuleText
{
    /// <summary>Whether <paramref name="rule"/> allows or rejects.</summary>
    public static AuthVerdict VerdictOf(Rule rule) => Entry(rule).Verdict;

    /// <summary>The sentence that explains <paramref name="rule"/> to a person.</summary>
    public static string SentenceOf(Rule rule) => Entry(rule).Sentence;

    private static (AuthVerdict Verdict, string Sentence) Allow(string sentence) => (AuthVerdict.Allow, sentence);

    private static (AuthVerdict Verdict, string Sentence) Reject(string sentence) => (AuthVerdict.Reject, sentence);

    private static (AuthVerdict Verdict, string Sentence) Entry(Rule rule) => rule switch
    {
        Rule.CreateHasPrevEvents => Reject("A create event must not have previous events."),
        Rule.CreateRoomIdServerMismatch => Reject("The domain of a create event's room ID must be the domain of its sender."),
        Rule.CreateHasRoomId => Reject("A create event must not carry a room ID in this room version; the room ID is derived from the create event."),
        Rule.CreateUnknownRoomVersion => Reject("The create event names a room version this server does not recognise."),
        Rule.CreateMissingCreator => Reject("The create event's content has no creator."),
        Rule.CreateInvalidAdditionalCreators => Reject("The create event's additional_creators is not an array of valid user IDs."),
        Rule.CreateAllowed => Allow("A well-formed create event is allowed."),

        Rule.RoomNotCreateEventHash => Reject("The room ID does not name an accepted create event."),

        Rule.AuthEventsMissing => Reject("The event cites an auth event that was not supplied."),
        Rule.AuthEventsCitesItself => Reject("The event cites itself as one of its auth events."),
        Rule.AuthEventsDuplicate => Reject("The event cites two auth events with the same type and state key."),
        Rule.AuthEventsUnexpected => Reject("The event cites an auth event that auth-events selection would not choose."),
        Rule.AuthEventsRejected => Reject("The event cites an auth event that was itself rejected."),
        Rule.AuthEventsMissingCreate => Reject("The event does not cite the room's create event."),
        Rule.AuthEventsOtherRoom => Reject("The event cites an auth event from another room."),

        Rule.FederateForeignSender => Reject("The room does not federate and the sender's server is not the creator's server."),

        Rule.AliasesNoStateKey => Reject("An aliases event must have a state key."),
        Rule.AliasesServerMismatch => Reject("An aliases event's state key must be its sender's server name."),
        Rule.AliasesAllowed => Allow("An aliases event for the sender's own server is allowed."),

        Rule.MemberNoStateKeyOrMembership => Reject("A member event needs a state key and a membership."),
        Rule.MemberAuthoriserSignatureInvalid => Reject("The member event is not signed by the server of the user named in join_authorised_via_users_server."),

        Rule.MemberJoinCreatorFirstJoin => Allow("The creator's first join, directly after the create event, is allowed."),
        Rule.MemberJoinSenderNotTarget => Reject("A user can only join on their own behalf."),
        Rule.MemberJoinSenderBanned => Reject("A banned user cannot join."),
        Rule.MemberJoinInvitedOrJoined => Allow("An invited or joined user may join an invite-only room."),
        Rule.MemberJoinNotInvited => Reject("Joining an invite-only room needs an invite."),
        Rule.MemberJoinMissingJoinRulesInvitedOrJoined => Allow("The room has no join rules, which counts as invite-only, and the user is invited or joined."),
        Rule.MemberJoinMissingJoinRulesNotInvited => Reject("The room has no join rules, which counts as invite-only, and the user is not invited."),
        Rule.MemberJoinRestrictedAlreadyMember => Allow("An invited or joined user may join a restricted room."),
        Rule.MemberJoinRestrictedNoAuthoriser => Reject("A restricted join needs join_authorised_via_users_server."),
        Rule.MemberJoinRestrictedAuthoriserNotJoined => Reject("The user authorising a restricted join is not joined to the room."),
        Rule.MemberJoinRestrictedAuthoriserLacksPower => Reject("The user authorising a restricted join cannot invite."),
        Rule.MemberJoinRestrictedAuthorised => Allow("A restricted join authorised by a joined user who can invite is allowed."),
        Rule.MemberJoinPublic => Allow("Anyone not banned may join a public room."),
        Rule.MemberJoinForbiddenJoinRule => Reject("The room's join rule lets nobody join this way."),

        Rule.MemberInviteThirdPartyTargetBanned => Reject("A banned user cannot be invited through a third-party invite."),
        Rule.MemberInviteThirdPartyNoSigned => Reject("The third-party invite has no signed block."),
        Rule.MemberInviteThirdPartyMissingMxidOrToken => Reject("The third-party invite's signed block lacks mxid or token."),
        Rule.MemberInviteThirdPartyMxidMismatch => Reject("The third-party invite was signed for another user."),
        Rule.MemberInviteThirdPartyNoMatchingInvite => Reject("No third-party invite event in the room matches the token."),
        Rule.MemberInviteThirdPartySenderMismatch => Reject("Only the sender of the third-party invite event may turn it into an invite."),
        Rule.MemberInviteThirdPartyAllowed => Allow("The third-party invite carries a valid signature by one of the invite's public keys."),
        Rule.MemberInviteThirdPartyBadSignature => Reject("No signature in the third-party invite verifies with the invite's public keys."),

        Rule.MemberInviteSenderNotJoined => Reject("Only a joined member can invite."),
        Rule.MemberInviteTargetJoinedOrBanned => Reject("A joined or banned user cannot be invited."),
        Rule.MemberInviteAllowed => Allow("The sender's power level reaches the invite level."),
        Rule.MemberInviteInsufficientPower => Reject("The sender's power level is below the invite level."),

        Rule.MemberLeaveSelfAllowed => Allow("An invited, joined or knocking user may leave."),
        Rule.MemberLeaveSelfNotMember => Reject("A user who is not invited, joined or knocking cannot leave."),
        Rule.MemberLeaveSenderNotJoined => Reject("Only a joined member can remove another user."),
        Rule.MemberLeaveUnbanInsufficientPower => Reject("Unbanning needs the ban level."),
        Rule.MemberLeaveKickAllowed => Allow("The sender reaches the kick level and outranks the target."),
        Rule.MemberLeaveInsufficientPower => Reject("The sender does not reach the kick level or does not outrank the target."),

        Rule.MemberBanSenderNotJoined => Reject("Only a joined member can ban."),
        Rule.MemberBanAllowed => Allow("The sender reaches the ban level and outranks the target."),
        Rule.MemberBanInsufficientPower => Reject("The sender does not reach the ban level or does not outrank the target."),

        Rule.MemberKnockJoinRuleNotKnock => Reject("The room's join rule does not allow knocking."),
        Rule.MemberKnockSenderNotTarget => Reject("A user can only knock on their own behalf."),
        Rule.MemberKnockAllowed => Allow("A user who is not banned, invited or joined may knock."),
        Rule.MemberKnockAlreadyMember => Reject("A banned, invited or joined user cannot knock."),

        Rule.MemberUnknownMembership => Reject("The membership is not one this room version knows."),

        Rule.SenderNotJoined => Reject("The sender is not joined to the room."),

        Rule.ThirdPartyInviteAllowed => Allow("The sender's power level reaches the invite level."),
        Rule.ThirdPartyInviteInsufficientPower => Reject("The sender's power level is below the invite level."),

        Rule.EventInsufficientPower => Reject("The sender's power level is below the level required for this event type."),

        Rule.EventStateKeyImpersonation => Reject("A state key that is a user ID must be the sender's own."),

        Rule.PowerLevelsNonIntegerValue => Reject("A power-levels property that must be an integer is not one."),
        Rule.PowerLevelsNonIntegerMap => Reject("events or notifications is not an object of integers."),
        Rule.PowerLevelsInvalidUsers => Reject("users is not an object mapping valid user IDs to integers."),
        Rule.PowerLevelsUnparseableValue => Reject("A power-levels value is neither an integer nor a form this room version accepts for one."),
        Rule.PowerLevelsCreatorInUsers => Reject("Room creators may not be listed in users."),
        Rule.PowerLevelsInitial => Allow("The room's first power-levels event is allowed."),
        Rule.PowerLevelsTopLevelChangeExceedsPower => Reject("A changed power-levels property is above the sender's power level, before or after."),
        Rule.PowerLevelsMapChangeExceedsPower => Reject("A changed or removed events or notifications entry was above the sender's power level."),
        Rule.PowerLevelsMapValueExceedsPower => Reject("An added or changed events or notifications entry is above the sender's power level."),
        Rule.PowerLevelsUserChangeNotLower => Reject("Another user's level can only be changed by a sender whose level is above it."),
        Rule.PowerLevelsUserValueExceedsPower => Reject("A user's new level is above the sender's power level."),
        Rule.PowerLevelsAllowed => Allow("The power-levels change stays within the sender's power level."),

        Rule.RedactionAllowedPower => Allow("The sender's power level reaches the redact level."),
        Rule.RedactionAllowedSameServer => Allow("The redaction comes from the server of the event it redacts."),
        Rule.RedactionInsufficientPower => Reject("The sender cannot redact events of another server without the redact level."),

        Rule.EventAllowed => Allow("The event passes every rule."),

        _ => throw new UnreachableException("Rule " + rule.ToString() + " has no entry in the rule table."),
    };
}
