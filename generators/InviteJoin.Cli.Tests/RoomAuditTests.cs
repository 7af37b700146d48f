using InviteJoin.Generators.Export;
using InviteJoin.Reference.Json;
using Xunit;
using static InviteJoin.Cli.Tests.RoomAuditKit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// audit-room on generated exports: a clean export gives no finding at all, and an export with one anomaly of each
/// kind planted (a tampered signature, an event its auth events refuse, an event the state before it refuses, a
/// claimed state that differs from the resolved one) gives exactly those, with the right kinds and rule tokens.
/// </summary>
public sealed class RoomAuditTests
{
    public static TheoryData<string> Versions() => ["1", "2", "3", "5", "6", "8", "10", "11", "12"];

    [Theory]
    [MemberData(nameof(Versions))]
    public void CleanExport_ReportsNoFindingAndExit0(string version)
    {
        var history = History(version);
        using var folder = new ExportFolder();
        var (run, report) = Audit(folder, WriteExport(folder, RoomExports.Clean(history)));

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(Findings(report));
        Assert.Equal("passed", Text(report, "verdict"));
        Assert.Equal(history.Events.Length, Count(report, "accepted"));
        Assert.Equal(history.Events.Length, Count(report, "signatures_verified"));
        var claim = Assert.Single(((JsonArray)report["claimed_states"]!).Items.Cast<JsonObject>());
        Assert.Equal("matches", Text(claim, "outcome"));
        Assert.Contains("PASSED", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void PlantedExport_FindsEachPlantedAnomaly_AndNothingElse(string version)
    {
        var export = RoomExports.WithAnomalies(History(version));
        using var folder = new ExportFolder();
        var (run, report) = Audit(folder, WriteExport(folder, export));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(Expected(export), Describe(Findings(report)));
        var stages = Findings(report).Where(f => f["stage"] is not null).ToDictionary(f => Text(f, "subject"), f => Text(f, "stage"));
        Assert.Equal("receipt.auth_events", stages[Planted(export, PlantedAnomaly.FailsAuthEvents)]);
        Assert.Equal("receipt.state_before", stages[Planted(export, PlantedAnomaly.FailsStateBefore)]);
        var differs = Assert.Single(Findings(report), f => Text(f, "kind") == "audit.claimed_state_differs");
        var lines = ((JsonArray)differs["witness"]!).Items.Cast<JsonArray>().Where(w => ((JsonString)w[0]).Value == "differs").ToList();
        Assert.Single(lines);
    }

    [Fact]
    public void PlantedExport_WithoutKeys_FindsTheAuthAnomalies_AndSaysNoSignatureWasChecked()
    {
        var export = RoomExports.WithAnomalies(History("11"));
        using var folder = new ExportFolder();
        var (run, report) = Audit(folder, WriteExport(folder, export, keys: false));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(Expected(export).Where(e => !e.StartsWith("audit.bad_signature", StringComparison.Ordinal)), Describe(Findings(report)));
        Assert.Equal(0, Count(report, "signatures_verified"));
        Assert.Equal(History("11").Servers.Order(StringComparer.Ordinal), ((JsonObject)report["unchecked_signers"]!).Keys);
        Assert.Contains("not checked: no keys were given", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysAsAPlainMap_VerifyAsTheKeyResponsesDo()
    {
        var history = History("10");
        var export = RoomExports.WithAnomalies(history);
        var map = JsonValue.Object([.. history.Servers.Select(server =>
            KeyValuePair.Create(server, (JsonValue)JsonValue.Object((RoomHistory.SigningKey(server).KeyId.ToString(), JsonValue.String(RoomHistory.SigningKey(server).PublicKeyBase64)))))]);
        using var folder = new ExportFolder();
        var args = WriteExport(folder, export, keys: false);
        var (_, report) = Audit(folder, [.. args, "--keys", folder.Write("map.json", map)]);

        Assert.Equal(Expected(export), Describe(Findings(report)));
    }

    [Fact]
    public void TheSameExport_GivesTheSameReports_ByteForByte()
    {
        var export = RoomExports.WithAnomalies(History("12"));
        using var folder = new ExportFolder();
        var args = WriteExport(folder, export);
        var outputs = new List<(string, string)>();
        for (var i = 0; i < 2; i++)
        {
            var html = folder.PathOf($"report{i}.html");
            Audit(folder, [.. args, "--html", html]);
            outputs.Add((File.ReadAllText(folder.PathOf("report.json")), File.ReadAllText(html)));
        }
        Assert.Equal(outputs[0].Item1, outputs[1].Item1);
        Assert.Equal(outputs[0].Item2, outputs[1].Item2);
    }

    [Fact]
    public void HtmlReport_ShowsEveryPlantedEvent_UnderItsToken_WithAPicture()
    {
        var export = RoomExports.WithAnomalies(History("11"));
        using var folder = new ExportFolder();
        var html = folder.PathOf("report.html");
        var (run, _) = Audit(folder, [.. WriteExport(folder, export), "--html", html]);
        var text = File.ReadAllText(html);

        Assert.Contains("HTML report: " + html, run.Stdout, StringComparison.Ordinal);
        foreach (var planted in export.Planted) Assert.Contains("<h3><code>" + planted.EventId + "</code></h3>", text, StringComparison.Ordinal);
        Assert.Contains("<code>sender.not_joined</code>", text, StringComparison.Ordinal);
        Assert.Contains("<code>crypto.signature_mismatch</code>", text, StringComparison.Ordinal);
        Assert.Equal(4, text.Split("<figure>").Length - 1);
        Assert.Contains("class=\"verdict failed\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheProfile_DecidesAsItsImplementationDoes()
    {
        // m.federate set to a string: the spec federates unless it is false; Synapse only while it is true
        // (the switch synapse.federate_only_true), so under that profile every foreign server's event is refused.
        var history = RoomHistoryGenerator.Write(new RoomHistoryOptions
        {
            Version = Reference.RoomVersions.RoomVersion.V10, Events = 120, Servers = 3, UsersPerServer = 6, Seed = 3,
            CreateContent = JsonValue.Object(("m.federate", JsonValue.String("no"))),
        });
        using var folder = new ExportFolder();
        var args = WriteExport(folder, RoomExports.Clean(history));

        var (_, spec) = Audit(folder, args);
        Assert.Empty(Findings(spec));
        Assert.Equal("spec", Text(spec, "profile"));

        var (run, synapse) = Audit(folder, [.. args, "--profile", "synapse"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("synapse", Text(synapse, "profile"));
        var foreign = history.Events.Select(e => Parse(history, e)).Where(e => e.Sender.Server.ToString() != "a.test").Select(e => e.EventId.Value).ToHashSet(StringComparer.Ordinal);
        var refused = Findings(synapse).Where(f => Text(f, "token") == "federate.foreign_sender").Select(f => Text(f, "subject")).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, id => Assert.Contains(id, foreign));
        // The rest: the refusals that follow from those, and the /state response (the spec's state) no longer matching.
        Assert.All(Findings(synapse), f => Assert.Matches("^audit\\.(rejected_against_.*|claimed_state_differs)$", Text(f, "kind")));
    }

    internal static string Planted(RoomExport export, PlantedAnomaly anomaly) => export.Planted.Single(p => p.Anomaly == anomaly).EventId;

    // What each planted anomaly must be reported as: its kind, the token it is grouped by, the event it is about.
    internal static IEnumerable<string> Expected(RoomExport export) =>
        export.Planted.Select(p => p.Anomaly switch
        {
            PlantedAnomaly.TamperedSignature => "audit.bad_signature crypto.signature_mismatch " + p.EventId,
            PlantedAnomaly.FailsAuthEvents => "audit.rejected_against_auth_events sender.not_joined " + p.EventId,
            PlantedAnomaly.FailsStateBefore => "audit.rejected_against_state_before sender.not_joined " + p.EventId,
            PlantedAnomaly.ClaimedStateDiffers => "audit.claimed_state_differs audit.claimed_state_differs " + p.EventId,
            _ => throw new ArgumentOutOfRangeException(nameof(export)),
        }).Order(StringComparer.Ordinal);
}
