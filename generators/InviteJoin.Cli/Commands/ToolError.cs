using InviteJoin.Reference.Errors;

namespace InviteJoin.Cli.Commands;

/// <summary>Failures that are not the caller's fault.</summary>
internal enum ToolError
{
    /// <summary>An exception escaped a command: a bug in invitejoin, reported without a stack trace.</summary>
    [WireToken("internal")]
    Internal = 1,
}
