using CsCheck;

namespace InviteJoin.Generators.Handshakes;

/// <summary>Which handshake a case runs.</summary>
public enum HandshakeKind
{
    Join,
    Knock,
    Leave,
    Invite,
}

/// <summary>What the joining user's membership is before the handshake.</summary>
public enum Standing
{
    None,
    Invited,
    Banned,
    Knocking,

    /// <summary>Joined to the room a restricted join rule allows.</summary>
    InAllowedRoom,
}

/// <summary>What the resident does to a make_* answer before the requesting server checks it (B23 and the like).</summary>
public enum TemplateTamper
{
    None,
    WrongRoom,
    WrongType,
    WrongSender,
    WrongMembership,
    ExtraContent,
    ExtraField,
    NoPrevEvents,
    OtherVersion,
}

/// <summary>What a requesting server does to the event it submits (a careless or malicious one).</summary>
public enum SubmissionTamper
{
    None,
    OtherMembership,
    AboutAnotherUser,
    NoSignatures,
    OtherRoomInPath,
    ContentChangedAfterSigning,
}

/// <summary>What a resident does to its send_* answer, or an invitee to its countersigned invite.</summary>
public enum AnswerTamper
{
    None,
    DropAStateEvent,
    ChangeTheEvent,
    BreakASignature,
    DropServersInRoom,
}

/// <summary>The invitee's server's policy towards the invite.</summary>
public enum InviteePolicy
{
    Accept,
    RefuseServer,
    Block,
    OldVersionsOnly,
}

/// <summary>
/// One generated handshake: the kind, the room (version, join rule, the user's standing, an ACL, whether the resident is still
/// in the room), the requesting server's choices (versions offered, members omitted, its own content, whether another resident
/// remains) and the adversarial answers and submissions. <see cref="HandshakeRunner"/> runs it through the handlers.
/// </summary>
public sealed record HandshakeCase(
    HandshakeKind Kind,
    string RoomVersion,
    string JoinRule,
    Standing Standing,
    bool DeniedByAcl,
    bool ResidentLeft,
    bool OfferRoomVersion,
    bool OmitMembers,
    bool BadOwnContent,
    bool CandidateResidentRemains,
    TemplateTamper Template,
    SubmissionTamper Submission,
    AnswerTamper Answer,
    bool TamperedResync,
    InviteePolicy Policy)
{
    private static readonly string[] Versions = ["1", "2", "6", "7", "9", "10", "12"];

    private static readonly string[] JoinRules = ["public", "invite", "knock", "restricted", "knock_restricted"];

    /// <summary>Usually <paramref name="honest"/>; otherwise (one time in three) one of the values of <typeparamref name="T"/>.</summary>
    private static Gen<T> Sometimes<T>(T honest)
        where T : struct, Enum =>
        CsCheck.Gen.Int[0, 2].SelectMany(i => i == 0 ? CsCheck.Gen.Enum<T>() : CsCheck.Gen.Const(honest));

    /// <summary>Half the time <paramref name="value"/>, otherwise what <paramref name="otherwise"/> gives.</summary>
    private static Gen<T> Often<T>(T value, Gen<T> otherwise) => CsCheck.Gen.Bool.SelectMany(b => b ? CsCheck.Gen.Const(value) : otherwise);

    /// <summary>Usually <paramref name="honest"/>; one time in four the other.</summary>
    private static Gen<bool> Sometimes(bool honest) => CsCheck.Gen.Int[0, 3].Select(i => i == 0 ? !honest : honest);

    /// <summary>Nearly always <paramref name="honest"/>; one time in eight the other (a choice that ends the handshake at its first request).</summary>
    private static Gen<bool> Rarely(bool honest) => CsCheck.Gen.Int[0, 7].Select(i => i == 0 ? !honest : honest);

    /// <summary>
    /// Handshakes of every kind in every room version and join rule, each adversarial or unusual choice made one time in three or
    /// four, independently, so that every refusal is reached from otherwise working handshakes and from combinations of them.
    /// </summary>
    public static readonly Gen<HandshakeCase> Gen =
        from kind in CsCheck.Gen.Enum<HandshakeKind>()
        from version in CsCheck.Gen.Int[0, Versions.Length - 1].Select(i => Versions[i])
        // Each handshake gets past its first request often: a knock usually meets a knock join rule, a join a public room or,
        // under a restricted rule, a user in the allowed room, a leave an invite.
        from joinRule in Often(kind == HandshakeKind.Knock ? "knock" : "public", CsCheck.Gen.Int[0, JoinRules.Length - 1].Select(i => JoinRules[i]))
        from standing in kind == HandshakeKind.Leave ? Often(Standing.Invited, CsCheck.Gen.Enum<Standing>())
            : joinRule is "restricted" or "knock_restricted" ? Often(Standing.InAllowedRoom, CsCheck.Gen.Enum<Standing>())
            : CsCheck.Gen.Enum<Standing>()
        from denied in Rarely(false)
        from left in Rarely(false)
        from offer in Rarely(true)
        from omit in CsCheck.Gen.Bool
        from badContent in Sometimes(false)
        from remains in CsCheck.Gen.Bool
        from template in Sometimes(TemplateTamper.None)
        from submission in Sometimes(SubmissionTamper.None)
        from answer in Sometimes(AnswerTamper.None)
        from resync in Sometimes(false)
        from policy in Sometimes(InviteePolicy.Accept)
        select new HandshakeCase(kind, version, joinRule, standing, denied, left, offer, omit, badContent, remains, template, submission, answer, resync, policy);
}
