using System.CommandLine;
using System.Globalization;
using InviteJoin.Generators.Export;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>invitejoin example-room --out DIR</c>: writes a generated room's export for <c>audit-room</c> to read — the
/// events as JSON lines (<c>events.jsonl</c>), a <c>/state</c> response at one event (<c>state.json</c>) and the
/// servers' key responses (<c>keys.json</c>) — deterministically from a seed, clean or (<c>--plant</c>) with one
/// anomaly of each kind an audit must find. It prints the <c>audit-room</c> command that reads it.
/// </summary>
internal static class ExampleRoomCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--out") { Description = "The folder to write events.jsonl, state.json and keys.json into (created if needed).", HelpName = "dir", Required = true };
        var events = new Option<int>("--events") { Description = "How many events the room has (default 2000).", HelpName = "n", DefaultValueFactory = _ => 2000 };
        var seed = new Option<ulong>("--seed") { Description = "The seed of every choice (default 1).", HelpName = "n", DefaultValueFactory = _ => 1 };
        var version = new Option<string>("--room-version") { Description = "The room version (default 11).", HelpName = "version", DefaultValueFactory = _ => "11" };
        var servers = new Option<int>("--servers") { Description = "How many servers take part, 1-7 (default 4).", HelpName = "n", DefaultValueFactory = _ => 4 };
        var plant = new Option<bool>("--plant") { Description = "Plant one anomaly of each kind: a tampered signature, an event its auth events refuse, one the state before it refuses, and a /state response that differs from the resolved state." };
        var command = new Command("example-room", "Write a generated room's export (events, a /state response, server keys) for audit-room, clean or with planted anomalies.")
        {
            output, events, seed, version, servers, plant,
        };
        command.SetAction(parse =>
        {
            var count = parse.GetValue(events);
            var serverCount = parse.GetValue(servers);
            var roomVersion = RoomVersionRegistry.Lookup(parse.GetValue(version));
            if (!roomVersion.IsOk || count < 20 || serverCount is < 1 or > 7)
            {
                stderr.WriteLine("invitejoin example-room: " + (!roomVersion.IsOk ? $"--room-version: no room version \"{parse.GetValue(version)}\" (1-12)" : count < 20 ? "--events: at least 20" : "--servers: 1 to 7"));
                return ExitCodes.MalformedInput;
            }
            var history = RoomHistoryGenerator.Write(new RoomHistoryOptions { Version = roomVersion.Value, Events = count, Servers = serverCount, Seed = parse.GetValue(seed) });
            var export = parse.GetValue(plant) ? RoomExports.WithAnomalies(history) : RoomExports.Clean(history);
            var directory = parse.GetValue(output)!;
            try
            {
                Directory.CreateDirectory(directory);
                using (var writer = new StreamWriter(Path.Combine(directory, "events.jsonl"), false, new System.Text.UTF8Encoding(false)))
                {
                    foreach (var e in export.Events) writer.Write(CanonicalJson.EncodeToString(e) + "\n");
                }
                File.WriteAllText(Path.Combine(directory, "state.json"), CanonicalJson.EncodeToString(export.StateResponse) + "\n");
                File.WriteAllText(Path.Combine(directory, "keys.json"), CanonicalJson.EncodeToString(export.KeyResponses) + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"invitejoin example-room: --out: cannot write {directory}: {e.Message}");
                return ExitCodes.MalformedInput;
            }
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {export.Events.Length} events of room version {export.Version.Id} to {directory}"));
            foreach (var planted in export.Planted) stdout.WriteLine($"planted {planted.Anomaly}: {planted.EventId}: {planted.Description}");
            var d = directory.TrimEnd('/');
            stdout.WriteLine($"audit it: invitejoin audit-room {d}/events.jsonl {d}/state.json --state-at '{export.StateAt}' --keys {d}/keys.json --html {d}/report.html");
            return ExitCodes.Ok;
        });
        return command;
    }
}
