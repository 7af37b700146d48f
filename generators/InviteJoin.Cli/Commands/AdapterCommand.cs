using System.CommandLine;
using System.Reflection;
using InviteJoin.Cli.Streaming;
using InviteJoin.Cli.Vectors;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>invitejoin adapter SUITE [--profile NAME]</c>: the reference as an adapter of the adapter protocol
/// (spec/vectors/adapter-protocol.md): one handshake line naming every suite it answers, then the suite's requests
/// answered one line each, as <c>--jsonl</c> does, under the profile.
/// </summary>
internal static class AdapterCommand
{
    /// <summary>The protocol's name and version, as the handshake says it.</summary>
    public const string Protocol = "invitejoin-adapter/2";

    public static Command Build(IReadOnlyList<DataCommand> dataCommands, Stream stdin, AnswerWriter stdout)
    {
        var suites = AdapterSuites.Available(dataCommands);
        var suite = new Argument<string>("suite") { Description = "The suite to answer: " + string.Join(", ", suites) + " (resolve is the first draft's name of state_res)." };
        suite.AcceptOnlyFromAmong([.. suites, .. suites.Contains("state_res") ? ["resolve"] : Array.Empty<string>()]);
        var profile = ProfileOption.Create();
        var command = new Command("adapter", "Speak the adapter protocol: a handshake line, then answer the suite's requests one line each, as --jsonl does.") { suite, profile };
        command.SetAction(parseResult =>
        {
            var chosen = ProfileOption.FromCommandLine(parseResult.GetValue(profile));
            var name = parseResult.GetValue(suite)!;
            CanonicalJson.Write(Handshake(suites, name, chosen), stdout);
            stdout.EndAnswer();
            stdout.Flush();
            var answering = AdapterSuites.For(name, dataCommands, chosen)!;
            return DataCommandRunner.Run(answering, jsonLines: true, jobs: 1, stdin, stdout);
        });
        return command;
    }

    /// <summary>The handshake line: the protocol, who answers, the suites it supports and the one it answers now.</summary>
    internal static JsonObject Handshake(IEnumerable<string> suites, string suite, BehaviourProfile profile) =>
        JsonValue.Object(
            ("protocol", JsonValue.String(Protocol)),
            ("implementation", JsonValue.String("invitejoin")),
            ("version", JsonValue.String(typeof(AdapterCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown")),
            ("profile", JsonValue.String(profile.Name)),
            ("suites", JsonValue.Array(suites.Select(s => (JsonValue)JsonValue.String(s)))),
            ("suite", JsonValue.String(suite)));
}
