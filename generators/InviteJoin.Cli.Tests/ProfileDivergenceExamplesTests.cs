using System.Text.RegularExpressions;
using InviteJoin.Cli.Commands;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The smallest input of each divergence (spec/examples/divergences, one file per switch, listed in
/// spec/divergences.md) answers differently under <c>--profile spec</c> and <c>--profile synapse</c>, each as
/// the row says; the switch alone makes the difference; and the table, the files and the switches match.
/// </summary>
public sealed partial class ProfileDivergenceExamplesTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "spec", "examples", "divergences");

    /// <summary>The switch, the command, and what the spec and Synapse answer: allow, reject, raise:KIND, or for resolve the event at one key (type|state_key=event, empty when absent).</summary>
    public static TheoryData<string, string, string, string> Examples() => new()
    {
        { "synapse.rejected_never_readmitted", "resolve", "m.room.topic|=$topic", "m.room.topic|=" },
        { "synapse.rejected_state_entries_kept", "resolve", "m.room.name|=", "m.room.name|=$name" },
        { "synapse.auth_difference_includes_state", "resolve", "m.room.topic|=$topic_alice", "m.room.topic|=$topic_bob" },
        { "synapse.v1_keeps_last_candidate", "resolve", "m.room.topic|=", "m.room.topic|=$topic1:example.org" },
        { "synapse.power_events_empty_state_key", "resolve", "m.room.power_levels|x=$power_x", "m.room.power_levels|x=" },
        { "synapse.create_experimental_room_versions", "auth", "reject", "allow" },
        { "synapse.federate_checks_target", "auth", "allow", "reject" },
        { "synapse.federate_only_true", "auth", "allow", "reject" },
        { "synapse.authoriser_signature_join_only", "auth", "reject", "allow" },
        { "synapse.join_rule_absent_is_invite", "auth", "reject", "allow" },
        { "synapse.power_levels_python_int", "auth", "allow", "reject" },
        { "synapse.power_levels_by_own_state_key", "auth", "reject", "allow" },
        { "synapse.power_levels_content_raises", "auth", "reject", "raise:synapse_error" },
        { "synapse.malformed_member_raises", "auth", "reject", "raise:key_error" },
        { "synapse.third_party_invite_first_signature", "auth", "allow", "reject" },
        { "synapse.missing_auth_event_raises", "auth", "reject", "raise:runtime_error" },
        { "synapse.cited_create_raises", "auth", "reject", "raise:assertion_error" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_AnswersDifferentlyUnderSpecAndSynapse(string token, string command, string spec, string synapse)
    {
        var request = Read(token);

        Assert.Equal(spec, Outcome(Cli.Run(request, command, "--profile", "spec"), spec));
        Assert.Equal(synapse, Outcome(Cli.Run(request, command, "--profile", "synapse"), synapse));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_TheSwitchAloneMakesTheDifference(string token, string command, string spec, string synapse)
    {
        Assert.True(WireToken.TryParse<Divergence>(token, out var divergence), token);
        var request = StrictJsonReader.Parse(Read(token), JsonReadOptions.Lenient).Value;
        var alone = DataCommands.All.First(c => c.Name == command).ForProfile(BehaviourProfile.Only(divergence))!.Answer(request);
        var without = DataCommands.All.First(c => c.Name == command).ForProfile(BehaviourProfile.Synapse.Without(divergence))!.Answer(request);

        Assert.Equal(synapse, Outcome(alone.Value, synapse));
        Assert.Equal(spec, Outcome(without.Value, spec));
    }

    [Fact]
    public void EverySwitch_HasOneExampleAndOneRowInDivergencesMd()
    {
        var table = File.ReadAllText(Path.Combine(Repository.Root, "spec", "divergences.md"));
        var rows = TokenRow().Matches(table).Select(m => m.Groups["token"].Value).ToList();
        var switches = WireToken.All<Divergence>().Select(d => d.Token).ToList();
        var examples = Examples().Select(row => (string)row.Data.Item1).ToList();

        Assert.Equal(switches, rows);
        Assert.Equal(switches.Order(StringComparer.Ordinal), examples.Order(StringComparer.Ordinal));
        Assert.Equal(switches.Select(FileName).Order(StringComparer.Ordinal), Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(switches, token => Assert.Contains("examples/divergences/" + FileName(token), table, StringComparison.Ordinal));
    }

    [Fact]
    public void EverySwitch_HasItsFactsOnce_AndTheSynapseProfileHasThemAll()
    {
        var switches = WireToken.All<Divergence>().Select(d => d.Member).ToList();

        Assert.Equal(switches, DivergenceFacts.All.Select(f => f.Switch));
        Assert.Equal(switches, BehaviourProfile.Synapse.Switches.ToList());
        Assert.Empty(BehaviourProfile.Spec.Switches);
        Assert.All(DivergenceFacts.All, fact => Assert.StartsWith("synapse.", fact.Token, StringComparison.Ordinal));
        // A profile keeps its switches as the bits of one 64-bit word.
        Assert.InRange(switches.Count, 1, 64);
    }

    // | `token` | ... : the first cell of a row of the table of switches.
    [GeneratedRegex(@"^\|\s*`(?<token>synapse\.[a-z0-9_]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex TokenRow();

    private static string FileName(string token) => token["synapse.".Length..] + ".json";

    private static string Read(string token) => File.ReadAllText(Path.Combine(Folder, FileName(token)));

    private static string Outcome(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return Outcome(run.Answer, expected);
    }

    // The answer in the form of the expectation: the verdict or raise, or the event the resolved state holds at the expectation's key.
    private static string Outcome(JsonValue answer, string expected)
    {
        var o = Assert.IsType<JsonObject>(answer);
        if (!expected.Contains('|', StringComparison.Ordinal))
        {
            return o["exception"] is JsonString kind ? "raise:" + kind.Value : Assert.IsType<JsonBool>(o["allowed"]).Value ? "allow" : "reject";
        }
        var type = expected[..expected.IndexOf('|', StringComparison.Ordinal)];
        var stateKey = expected[(type.Length + 1)..expected.IndexOf('=', StringComparison.Ordinal)];
        var entry = Assert.IsType<JsonArray>(o["state"]).OfType<JsonObject>()
            .FirstOrDefault(e => ((JsonString)e["type"]!).Value == type && ((JsonString)e["state_key"]!).Value == stateKey);
        return type + "|" + stateKey + "=" + ((entry?["event_id"] as JsonString)?.Value ?? "");
    }
}
