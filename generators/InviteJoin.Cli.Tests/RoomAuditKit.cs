using System.Collections.Concurrent;
using System.Globalization;
using InviteJoin.Generators.Export;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>A temporary folder for the files of one export, deleted afterwards.</summary>
internal sealed class ExportFolder : IDisposable
{
    public ExportFolder() => Root = Directory.CreateTempSubdirectory("invitejoin-audit-").FullName;

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Write(string name, string text)
    {
        File.WriteAllText(PathOf(name), text, new System.Text.UTF8Encoding(false));
        return PathOf(name);
    }

    public string Write(string name, JsonValue value) => Write(name, CanonicalJson.EncodeToString(value) + "\n");

    public string WriteLines(string name, IEnumerable<JsonValue> values) => Write(name, string.Concat(values.Select(v => CanonicalJson.EncodeToString(v) + "\n")));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}

/// <summary>Generated histories (one per room version and size, made once per test run) and runs of audit-room on them.</summary>
internal static class RoomAuditKit
{
    private static readonly ConcurrentDictionary<(string, int), Lazy<RoomHistory>> Histories = new();

    public static RoomHistory History(string version, int events = 150) =>
        Histories.GetOrAdd((version, events), key => new Lazy<RoomHistory>(() => RoomHistoryGenerator.Write(new RoomHistoryOptions
        {
            Version = RoomVersionRegistry.Lookup(key.Item1).Value,
            Events = key.Item2,
            Servers = 3,
            UsersPerServer = 6,
            Seed = 7,
        }))).Value;

    /// <summary>Writes <paramref name="export"/> as events.jsonl, state.json and keys.json; returns the audit-room arguments that read them.</summary>
    public static List<string> WriteExport(ExportFolder folder, RoomExport export, bool keys = true)
    {
        var args = new List<string>
        {
            folder.WriteLines("events.jsonl", export.Events),
            folder.Write("state.json", export.StateResponse),
            "--state-at", export.StateAt,
        };
        if (keys) args.AddRange(["--keys", folder.Write("keys.json", export.KeyResponses)]);
        return args;
    }

    /// <summary>Runs audit-room with <paramref name="args"/> and a JSON report; returns the run and the parsed report.</summary>
    public static (CliRun Run, JsonObject Report) Audit(ExportFolder folder, IEnumerable<string> args)
    {
        var report = folder.PathOf("report.json");
        File.Delete(report);
        var run = Cli.Run("", ["audit-room", .. args, "--report", report]);
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Stdout}\n{run.Stderr}");
        var parsed = StrictJsonReader.Parse(File.ReadAllText(report), JsonReadOptions.Lenient);
        Assert.True(parsed.IsOk, parsed.Failure?.ToString());
        return (run, (JsonObject)parsed.Value);
    }

    public static IReadOnlyList<JsonObject> Findings(JsonObject report, string? severity = null) =>
        [.. ((JsonArray)report["findings"]!).Items.Cast<JsonObject>().Where(f => severity is null || Text(f, "severity") == severity)];

    public static string Text(JsonObject obj, string key) => ((JsonString)obj[key]!).Value;

    public static long Count(JsonObject report, string key) => ((JsonNumber)((JsonObject)report["counts"]!)[key]!).Integer is { } n ? (long)n : -1;

    /// <summary>Each finding as "kind token subject", for comparing with what was planted.</summary>
    public static IEnumerable<string> Describe(IEnumerable<JsonObject> findings) =>
        findings.Select(f => Text(f, "kind") + " " + Text(f, "token") + " " + Text(f, "subject")).Order(StringComparer.Ordinal);

    public static Pdu Parse(RoomHistory history, JsonObject json) => PduParser.Parse(json, history.Version.Format, PduParseOptions.Federation).Value;

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
