namespace InviteJoin.Reference.Auth;

/// <summary>
/// The outcome of the authorisation rules for one event against one state: the event is allowed or
/// rejected; or, under a behaviour profile whose implementation raises an exception on the input, it
/// raises (neither accepted nor rejected).
/// </summary>
public enum AuthVerdict
{
    /// <summary>The event passes the rules.</summary>
    Allow,

    /// <summary>The event fails the rules.</summary>
    Reject,

    /// <summary>The profiled implementation raises an exception instead of deciding (never under the spec profile).</summary>
    Raise,
}
