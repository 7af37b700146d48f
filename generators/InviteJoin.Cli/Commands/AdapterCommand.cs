using System.CommandLine;
using System.Reflection;
using InviteJoin.Cli.Streaming;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>invitejoin adapter SUITE [--profile NAME]</c>: the reference as an adapter of the adapter protocol
/// (spec/vectors/adapter-protocol.md): one handshake line, then the data command of that suite in
/// <c>--jsonl</c> mode under the profile. The suites are the commands that decide.
/// </summary>
internal static class AdapterCommand
{
    /// <summary>The protocol's name and version, as the handshake says it.</summary>
    public const string Protocol = "invitejoin-adapter/1";

    public static Command Build(IReadOnlyList<DataCommand> dataCommands, Stream stdin, AnswerWriter stdout)
    {
        var suites = dataCommands.Where(c => c.ForProfile(BehaviourProfile.Spec) is not null).ToList();
        var suite = new Argument<string>("suite") { Description = "The suite to answer: " + string.Join(", ", suites.Select(c => c.Name)) + "." };
        suite.AcceptOnlyFromAmong([.. suites.Select(c => c.Name)]);
        var profile = ProfileOption.Create();
        var command = new Command("adapter", "Speak the adapter protocol: a handshake line, then answer the suite's requests one line each, as --jsonl does.") { suite, profile };
        command.SetAction(parseResult =>
        {
            var chosen = ProfileOption.FromCommandLine(parseResult.GetValue(profile));
            var name = parseResult.GetValue(suite)!;
            CanonicalJson.Write(Handshake(suites.Select(c => c.Name), name, chosen), stdout);
            stdout.EndAnswer();
            stdout.Flush();
            var answering = suites.First(c => c.Name == name).ForProfile(chosen)!;
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
