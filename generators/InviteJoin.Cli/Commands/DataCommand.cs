using System.CommandLine;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// One command of the command line's data contract: it turns one parsed JSON request into one JSON
/// response. Reading stdin, <c>--jsonl</c>, error rendering and exit codes are the
/// <see cref="DataCommandRunner"/>'s job, so a command is only its request shape and its answer.
/// </summary>
internal abstract class DataCommand
{
    /// <summary>The subcommand name, for example <c>sign-event</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>--help</c>: what the request is and what the answer is.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// The answer to <paramref name="request"/> (already parsed by the strict reader). A verdict such as
    /// "the signature is invalid" is an answer; a request the command cannot act on is a failure with a
    /// wire token and the JSON path of the problem.
    /// </summary>
    public abstract Result<JsonValue> Answer(JsonValue request);

    /// <summary>The command's own options besides <c>--jsonl</c> (for example <c>--profile</c>), made anew for each command tree.</summary>
    public virtual IReadOnlyList<Option> CreateOptions() => [];

    /// <summary>This command with the values <paramref name="parseResult"/> gives its options (<see cref="CreateOptions"/>).</summary>
    public virtual DataCommand With(ParseResult parseResult, IReadOnlyList<Option> options) => this;

    /// <summary>
    /// For a command that decides (and so takes <c>--profile</c>), this command answering under
    /// <paramref name="profile"/>; null for the others. The deciding commands are the adapter protocol's suites.
    /// </summary>
    public virtual DataCommand? ForProfile(Reference.Profiles.BehaviourProfile profile) => null;
}
