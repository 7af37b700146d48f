namespace InviteJoin.Cli.Commands;

/// <summary>
/// The process exit codes of the data commands. Scripts and audits branch on these, so they are part
/// of the command line's stable contract.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Every request was answered; a verdict such as <c>valid: false</c> is an answer.</summary>
    public const int Ok = 0;

    /// <summary>The command line itself was wrong (unknown command or option); System.CommandLine prints why.</summary>
    public const int Usage = 1;

    /// <summary>At least one request was malformed and was answered with <c>{"error": ...}</c>.</summary>
    public const int MalformedInput = 2;

    /// <summary>A bug in invitejoin (sysexits.h EX_SOFTWARE); answered with an <c>internal</c> error, never a stack trace.</summary>
    public const int Internal = 70;

    /// <summary>The exit code of a run whose answers had the given codes: the most severe one wins.</summary>
    public static int Combine(int a, int b) => Severity(a) >= Severity(b) ? a : b;

    private static int Severity(int code) => code switch
    {
        Ok => 0,
        MalformedInput => 1,
        _ => 2,
    };
}
