namespace InviteJoin.Reference.Auth;

/// <summary>The outcome of the authorisation rules for one event against one state: the event is allowed or rejected.</summary>
public enum AuthVerdict
{
    /// <summary>The event passes the rules.</summary>
    Allow,

    /// <summary>The event fails the rules.</summary>
    Reject,
}
