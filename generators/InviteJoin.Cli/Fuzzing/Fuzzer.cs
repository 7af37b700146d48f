using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using InviteJoin.Cli.Commands;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Fuzzing;

/// <summary>What one fuzzing run found: how many cases ran, and every contract violation, each with its replay.</summary>
internal sealed record FuzzReport(long Cases, long Requests, long Batches, ImmutableArray<FuzzFinding> Findings, TimeSpan Slowest, long MostAllocated);

/// <summary>A broken promise of the command-line contract, with the case that broke it.</summary>
internal sealed record FuzzFinding(long Case, string Command, string Mode, string What)
{
    public override string ToString() => $"case {Case} ({Command}, {Mode}): {What}";
}

/// <summary>
/// Runs mutated requests through the whole command line in-process — argument parsing, byte-level
/// reading, the commands, the error answers and the exit codes — one request at a time and in
/// <c>--jsonl</c> batches with one and with several jobs, and checks what the contract promises: the
/// exit code is 0 or 2 (never 70, never an escaped exception); every non-blank line gets exactly one
/// answer line of JSON, errors as <c>{"error": {"code", "message"}}</c>; nothing is written to stderr
/// and no stack trace anywhere; several jobs answer byte for byte as one; every request finishes within
/// a time bound and allocates within a memory bound. Case <c>k</c> of seed <c>s</c> is made from
/// <c>s</c> and <c>k</c> alone, so any case replays on its own.
/// </summary>
internal sealed class Fuzzer
{
    /// <summary>A request slower than this counts as a hang.</summary>
    public static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(30);

    /// <summary>Requests per <c>--jsonl</c> batch.</summary>
    public const int BatchSize = 16;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ImmutableArray<(string Command, JsonValue Request)> _seeds;
    private readonly int _seed;

    /// <param name="seed">The run's seed.</param>
    /// <param name="extraSeeds">Requests to mutate besides the built-in ones, as (command, request text).</param>
    public Fuzzer(int seed, IEnumerable<(string Command, string Request)>? extraSeeds = null)
    {
        _seed = seed;
        var all = FuzzSeeds.All.SelectMany(entry => entry.Value.Select(request => (entry.Key, request))).Concat(extraSeeds ?? []);
        _seeds = [.. all.Select(s => (s.Item1, StrictJsonReader.Parse(s.Item2, JsonReadOptions.Lenient).Value))];
    }

    /// <summary>The most bytes one request may allocate: proportional to its size, plus room for a resolution's graph.</summary>
    public static long MemoryBound(int requestBytes) => 64L * 1024 * 1024 + 200L * requestBytes;

    /// <summary>The command and bytes of case <paramref name="index"/>.</summary>
    public (string Command, byte[] Request) Case(long index)
    {
        var random = new Random(Mix(_seed, index));
        var (command, seed) = _seeds[random.Next(_seeds.Length)];
        return (command, new RequestMutator(random).Mutate(command, seed));
    }

    /// <summary>Runs cases <paramref name="first"/>, <paramref name="first"/>+1, … until <paramref name="count"/> cases or the deadline.</summary>
    public FuzzReport Run(long first, long count, TimeSpan? duration = null, Action<long>? progress = null)
    {
        var findings = ImmutableArray.CreateBuilder<FuzzFinding>();
        var clock = Stopwatch.StartNew();
        long cases = 0, requests = 0, batches = 0, mostAllocated = 0;
        var slowest = TimeSpan.Zero;
        var batch = new List<(long Index, string Command, byte[] Request)>();
        for (var index = first; cases < count && (duration is null || clock.Elapsed < duration); index++)
        {
            var (command, request) = Case(index);
            cases++;
            requests++;
            var (elapsed, allocated) = CheckOne(index, command, request, findings);
            if (elapsed > slowest) slowest = elapsed;
            mostAllocated = Math.Max(mostAllocated, allocated);
            batch.Add((index, command, request));
            if (batch.Count == BatchSize)
            {
                batches += CheckBatches(batch, findings);
                batch.Clear();
            }
            if (cases % 1000 == 0) progress?.Invoke(cases);
        }
        if (batch.Count > 0) batches += CheckBatches(batch, findings);
        return new FuzzReport(cases, requests, batches, findings.ToImmutable(), slowest, mostAllocated);
    }

    // One request on its own, as `invitejoin <command> < request`.
    private static (TimeSpan Elapsed, long Allocated) CheckOne(long index, string command, byte[] request, ImmutableArray<FuzzFinding>.Builder findings)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var (exitCode, stdout, stderr) = RunCommandLine([command], request);
        var elapsed = clock.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        void Found(string what) => findings.Add(new FuzzFinding(index, command, "one request", what));
        if (elapsed > TimeBound) Found($"took {elapsed.TotalSeconds:F1} s (the bound is {TimeBound.TotalSeconds} s)");
        if (allocated > MemoryBound(request.Length)) Found($"allocated {allocated} bytes for a request of {request.Length} (the bound is {MemoryBound(request.Length)})");
        CheckAnswers(stdout, stderr, exitCode, expectedLines: 1, Found);
        return (elapsed, allocated);
    }

    // The batch as --jsonl lines, per command, with one job and with several: the same answers, one per non-blank line.
    private static int CheckBatches(List<(long Index, string Command, byte[] Request)> batch, ImmutableArray<FuzzFinding>.Builder findings)
    {
        var runs = 0;
        foreach (var group in batch.GroupBy(c => c.Command, StringComparer.Ordinal))
        {
            var input = new MemoryStream();
            foreach (var (_, _, request) in group)
            {
                input.Write(request);
                input.WriteByte((byte)'\n');
            }
            var bytes = input.ToArray();
            var expected = NonBlankLines(bytes);
            var first = group.First().Index;
            void Found(string mode, string what) => findings.Add(new FuzzFinding(first, group.Key, mode, what + $" (the batch of cases from {first})"));
            var one = RunCommandLine([group.Key, "--jsonl", "--jobs", "1"], bytes);
            CheckAnswers(one.Stdout, one.Stderr, one.ExitCode, expected, what => Found("--jsonl --jobs 1", what));
            var many = RunCommandLine([group.Key, "--jsonl", "--jobs", "3"], bytes);
            CheckAnswers(many.Stdout, many.Stderr, many.ExitCode, expected, what => Found("--jsonl --jobs 3", what));
            if (one.ExitCode != many.ExitCode || !one.Stdout.AsSpan().SequenceEqual(many.Stdout)) Found("--jsonl --jobs 3", "the answers differ from those of --jobs 1");
            runs += 2;
        }
        return runs;
    }

    private static void CheckAnswers(byte[] stdout, string stderr, int exitCode, int expectedLines, Action<string> found)
    {
        if (exitCode is not (0 or 2)) found($"exit code {exitCode}");
        if (stderr.Length > 0) found("wrote to stderr: " + Shorten(stderr));
        var text = Utf8.GetString(stdout);
        if (text.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("   at ", StringComparison.Ordinal)) found("a stack trace");
        if (expectedLines > 0 && !text.EndsWith('\n')) found("the output does not end with a line break");
        var lines = text.Length == 0 ? [] : text[..^1].Split('\n');
        if (lines.Length != expectedLines) found($"{lines.Length} answer lines for {expectedLines} requests");
        foreach (var line in lines)
        {
            var answer = StrictJsonReader.Parse(line, JsonReadOptions.Lenient);
            if (!answer.IsOk)
            {
                found("an answer that is not JSON: " + Shorten(line));
                continue;
            }
            if (answer.Value is JsonObject { Count: 1 } o && o["error"] is JsonObject error)
            {
                if (error.Count != 2 || error["code"] is not JsonString code || error["message"] is not JsonString) found("an error answer without exactly a code and a message: " + Shorten(line));
                else if (code.Value == "internal") found("an internal error: " + Shorten(line));
            }
        }
    }

    private static (int ExitCode, byte[] Stdout, string Stderr) RunCommandLine(string[] args, byte[] stdin)
    {
        using var input = new MemoryStream(stdin, writable: false);
        using var output = new MemoryStream();
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = CommandLine.Run(args, input, output, error, DataCommands.All);
        return (exitCode, output.ToArray(), error.ToString());
    }

    // The lines --jsonl answers: split at \n, not blank (JSON whitespace only).
    private static int NonBlankLines(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        foreach (var range in bytes.Split((byte)'\n'))
        {
            if (!DataCommandRunner.IsJsonWhitespace(bytes[range])) count++;
        }
        return count;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    // Case k of seed s: a 32-bit seed for Random from both, by SplitMix64's finaliser.
    private static int Mix(int seed, long index)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }
}
