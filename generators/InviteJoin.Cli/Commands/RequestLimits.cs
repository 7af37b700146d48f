namespace InviteJoin.Cli.Commands;

/// <summary>
/// The most entries each list of a request may hold, beyond the size limit of the request itself
/// (<see cref="DataCommandRunner.MaxRequestBytes"/>): a longer list is <c>request.too_many_entries</c>, refused
/// before any entry is read, so the work a request can ask for is bounded. Each is far above what the
/// protocol produces (an event cites at most 10 auth events; a resolution merges a handful of state sets).
/// </summary>
internal static class RequestLimits
{
    /// <summary><c>auth</c>'s <c>auth_events</c>.</summary>
    public const int MaxAuthEvents = 1_000;

    /// <summary><c>auth</c>'s and <c>resolve</c>'s <c>rejected</c>.</summary>
    public const int MaxRejected = 100_000;

    /// <summary><c>resolve</c>'s <c>events</c>: the largest event graph (DAG) resolved.</summary>
    public const int MaxEvents = 100_000;

    /// <summary><c>resolve</c>'s <c>state_sets</c>.</summary>
    public const int MaxStateSets = 10_000;

    /// <summary>The entries of one state set of <c>resolve</c>.</summary>
    public const int MaxStateSetEntries = 100_000;
}
