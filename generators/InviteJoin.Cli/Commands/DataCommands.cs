using System.Collections.Immutable;

namespace InviteJoin.Cli.Commands;

/// <summary>The data commands of the stable command-line contract, in the order <c>--help</c> lists them.</summary>
internal static class DataCommands
{
    /// <summary>Every data command; a new one is one file and one line here.</summary>
    public static readonly ImmutableArray<DataCommand> All =
    [
        new CanonicalCommand(),
        new SignCommand(),
        new VerifyCommand(),
        new SignEventCommand(),
        new EventIdCommand(),
        new RedactCommand(),
        new AuthCommand(),
        new ResolveCommand(),
        new ReceiveCommand(),
        new HandshakeCommand(),
        new InterleaveCommand(),
    ];
}
