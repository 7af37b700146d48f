using InviteJoin.Cli.Fuzzing;
using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The fuzzing harness in CI: a fixed-seed run of mutated requests over every data command, one request at
/// a time and in <c>--jsonl</c> batches with one and several jobs, must find nothing (see <see cref="Fuzzer"/>
/// for what is checked). A longer run is <c>invitejoin fuzz --seconds N</c>.
/// </summary>
public sealed class FuzzTests
{
    /// <summary>The seed of the run in CI; a finding prints the one-line command that replays it.</summary>
    private const int Seed = 20_261_206;

    private const int Cases = 10_000;

    [Fact]
    public void EverySeedRequest_IsAnsweredWithoutAnError()
    {
        foreach (var (command, requests) in FuzzSeeds.All)
        {
            foreach (var request in requests)
            {
                var run = Cli.Run(request, command);

                Assert.True(run.ExitCode == 0, $"{command}: exit {run.ExitCode}: {run.Stdout}");
                var answer = run.Answer;
                Assert.False(answer is JsonObject o && o.ContainsKey("error") && !o.ContainsKey("valid"), $"{command}: {run.Stdout}");
                if (command == "auth") Assert.Equal(JsonValue.Bool(true), ((JsonObject)answer)["allowed"]);
            }
        }
    }

    [Fact]
    public void FixedSeedRun_TenThousandCases_FindNothing()
    {
        var published = PublishedData.AuthCases.Values.Select(c => ("auth", c.Request))
            .Concat(PublishedData.Scenarios.Values.Where(s => s.ResolveRequest is not null).Select(s => ("resolve", s.ResolveRequest!)));
        var fuzzer = new Fuzzer(Seed, published);

        var report = fuzzer.Run(0, Cases);

        Assert.Equal(Cases, report.Cases);
        Assert.True(report.Batches >= Cases / Fuzzer.BatchSize, $"only {report.Batches} --jsonl batches ran");
        Assert.True(report.Findings.IsEmpty, $"seed {Seed}: {report.Findings.Length} findings:\n" + string.Join("\n", report.Findings.Take(20).Select(f =>
            $"{f}\n  replay: dotnet run --project generators/InviteJoin.Cli -- fuzz --seed {Seed} --case {f.Case} --print | dotnet run --project generators/InviteJoin.Cli -- {f.Command}")));
    }

    [Fact]
    public void SameSeedAndCase_SameRequest()
    {
        var a = new Fuzzer(Seed);
        var b = new Fuzzer(Seed);

        for (var i = 0; i < 200; i++)
        {
            var (commandA, requestA) = a.Case(i);
            var (commandB, requestB) = b.Case(i);
            Assert.Equal(commandA, commandB);
            Assert.Equal(requestA, requestB);
        }
    }
}
