using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using InviteJoin.Cli.Commands;
using InviteJoin.Cli.Streaming;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Benchmarks;

/// <summary>
/// The stages of <c>invitejoin auth --jsonl</c> and <c>canonical --jsonl</c> in-process, over the published
/// authorisation cases (generators/InviteJoin.Testing/TestData/auth, one request line each, 356
/// lines of about 1.3 KiB): splitting the input into lines, the strict parse of each line, reading the
/// request and its PDUs, the authorisation rules, rendering and writing the answers, and the whole answer
/// of a line. Each benchmark runs over every case, so a figure divided by the case count is per request.
/// </summary>
[MemoryDiagnoser]
public class CommandLineStageBenchmarks
{
    private byte[] _input = [];
    private ImmutableArray<byte[]> _lines = [];
    private ImmutableArray<JsonValue> _requests = [];
    private ImmutableArray<(Pdu Event, ImmutableArray<Pdu> AuthEvents, RoomVersion Version)> _pdus = [];
    private ImmutableArray<AuthDecision> _decisions = [];
    private readonly AuthCommand _auth = new();
    private readonly CanonicalCommand _canonical = new();

    /// <summary>How many request lines each benchmark handles.</summary>
    public int Cases => _lines.Length;

    [GlobalSetup]
    public void Setup()
    {
        _lines = [.. PublishedAuthRequests().Select(Encoding.UTF8.GetBytes)];
        _input = [.. _lines.SelectMany(line => line.Append((byte)'\n'))];
        _requests = [.. _lines.Select(line => StrictJsonReader.Parse(line, JsonReadOptions.Lenient).Value)];
        var pdus = new List<(Pdu, ImmutableArray<Pdu>, RoomVersion)>();
        foreach (var request in _requests.Cast<JsonObject>())
        {
            var version = RoomVersionRegistry.Lookup(((JsonString)request["room_version"]!).Value, "$").Value;
            var @event = Request.ParsePdu((JsonObject)request["event"]!, version, "$.event");
            var authEvents = Request.Pdus((JsonArray)request["auth_events"]!, "$.auth_events", version);
            if (@event.IsOk && authEvents.IsOk) pdus.Add((@event.Value, authEvents.Value, version));
        }
        _pdus = [.. pdus];
        _decisions = [.. _pdus.Select(p => EventAuthorizer.AuthorizeAgainstAuthEvents(p.Event, p.AuthEvents, p.Version, AuthContext.Default))];
    }

    [Benchmark(Description = "split the input into lines")]
    public int SplitLines()
    {
        var reader = new LineReader(new MemoryStream(_input, writable: false), DataCommandRunner.MaxRequestBytes);
        var count = 0;
        while (reader.TryReadLine(out _)) count++;
        return count;
    }

    [Benchmark(Description = "strict parse of each line")]
    public int Parse()
    {
        var count = 0;
        foreach (var line in _lines) count += StrictJsonReader.Parse(line, JsonReadOptions.Lenient).IsOk ? 1 : 0;
        return count;
    }

    [Benchmark(Description = "read the request and its PDUs")]
    public int ReadPdus()
    {
        var count = 0;
        foreach (var request in _requests.Cast<JsonObject>())
        {
            var version = RoomVersionRegistry.Lookup(((JsonString)request["room_version"]!).Value, "$").Value;
            var @event = Request.ParsePdu((JsonObject)request["event"]!, version, "$.event");
            var authEvents = Request.Pdus((JsonArray)request["auth_events"]!, "$.auth_events", version);
            count += @event.IsOk && authEvents.IsOk ? 1 : 0;
        }
        return count;
    }

    [Benchmark(Description = "authorisation rules")]
    public int Authorize()
    {
        var allowed = 0;
        foreach (var (@event, authEvents, version) in _pdus)
        {
            allowed += EventAuthorizer.AuthorizeAgainstAuthEvents(@event, authEvents, version, AuthContext.Default).Allowed ? 1 : 0;
        }
        return allowed;
    }

    [Benchmark(Description = "render and write the answers")]
    public int RenderAndWrite()
    {
        var writer = new AnswerWriter(Stream.Null);
        foreach (var decision in _decisions)
        {
            CanonicalJson.Write(AuthCommand.Render(decision), writer);
            writer.EndAnswer();
        }
        writer.Flush();
        return _decisions.Length;
    }

    [Benchmark(Description = "auth: the whole answer of each line")]
    public int AnswerAuth()
    {
        var exitCode = 0;
        foreach (var line in _lines) exitCode |= DataCommandRunner.Answer(_auth, line, null).ExitCode;
        return exitCode;
    }

    [Benchmark(Description = "canonical: the whole answer of each line, written")]
    public int AnswerCanonical()
    {
        var writer = new AnswerWriter(Stream.Null);
        foreach (var line in _lines)
        {
            CanonicalJson.Write(DataCommandRunner.Answer(_canonical, line, null).Json, writer);
            writer.EndAnswer();
        }
        writer.Flush();
        return _lines.Length;
    }

    // Each published case as one request line, in file then case order (as the command-line tests build them).
    private static IEnumerable<string> PublishedAuthRequests()
    {
        var folder = Path.Combine(RepositoryRoot(), "generators", "InviteJoin.Testing", "TestData", "auth");
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
            {
                yield return "{" + string.Join(", ", new[] { "room_version", "event", "auth_events", "rejected" }
                    .Select(key => "\"" + key + "\": " + c.GetProperty(key).GetRawText().Replace('\n', ' ').Replace('\r', ' '))) + "}";
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reference.sln"))) return dir.FullName;
        }
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reference.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("no folder above the benchmarks holds Reference.sln");
    }
}
