using System.CommandLine;
using System.Text;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>invitejoin profiles [--json]</c>: the behaviour profiles and, for each, its divergence switches with
/// their evidence (room versions, the implementation's code, its issue, the spec section, why). Not a data
/// command: it reads nothing.
/// </summary>
internal static class ProfilesCommand
{
    /// <summary>The <c>profiles</c> command, printing to <paramref name="stdout"/>.</summary>
    public static Command Build(TextWriter stdout)
    {
        var json = new Option<bool>("--json") { Description = "Print one canonical JSON object instead of text." };
        var command = new Command("profiles", "List the behaviour profiles (the spec, or a named implementation's divergences) and their switches.") { json };
        command.SetAction(parseResult =>
        {
            stdout.Write(parseResult.GetValue(json) ? CanonicalJson.EncodeToString(Json()) + "\n" : Text());
            stdout.Flush();
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Every profile and its switches as JSON: <c>{profiles: [{name, describes, switches: [{token, room_versions, code, issue?, spec, why}]}]}</c>.</summary>
    internal static JsonObject Json() =>
        JsonValue.Object(("profiles", JsonValue.Array(BehaviourProfiles.All.Select(profile => (JsonValue)JsonValue.Object(
            ("name", JsonValue.String(profile.Name)),
            ("describes", JsonValue.String(profile.Describes)),
            ("switches", JsonValue.Array(profile.Switches.Select(s => (JsonValue)Switch(DivergenceFacts.Of(s))))))))));

    private static JsonObject Switch(DivergenceFact fact)
    {
        var entry = JsonValue.Object(
            ("token", JsonValue.String(fact.Token)),
            ("room_versions", JsonValue.Object(("first", JsonValue.String(fact.FirstVersion)), ("last", JsonValue.String(fact.LastVersion)))),
            ("code", JsonValue.String(fact.Code)),
            ("spec", JsonValue.String(fact.SpecSection)),
            ("why", JsonValue.String(fact.Why)));
        return fact.Issue is { } issue ? entry.With("issue", JsonValue.String(issue)) : entry;
    }

    private static string Text()
    {
        var text = new StringBuilder();
        foreach (var profile in BehaviourProfiles.All)
        {
            text.Append(profile.Name).Append(": ").Append(profile.Describes).Append('\n');
            if (profile.Switches.IsEmpty) text.Append("  no switches\n");
            foreach (var s in profile.Switches)
            {
                var fact = DivergenceFacts.Of(s);
                text.Append("  ").Append(fact.Token).Append("  (room versions ").Append(fact.FirstVersion)
                    .Append(fact.FirstVersion == fact.LastVersion ? "" : "–" + fact.LastVersion).Append(")\n")
                    .Append("      ").Append(fact.Code).Append(fact.Issue is { } issue ? "; " + issue : "").Append('\n')
                    .Append("      departs from: ").Append(fact.SpecSection).Append('\n')
                    .Append("      why: ").Append(fact.Why).Append('\n');
            }
        }
        return text.ToString();
    }
}
