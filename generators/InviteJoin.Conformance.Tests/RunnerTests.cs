using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using InviteJoin.Conformance.Reports;
using InviteJoin.Conformance.Running;
using InviteJoin.Conformance.Vectors;
using Xunit;

namespace InviteJoin.Conformance.Tests;

/// <summary>
/// The audit runner against a deliberately broken adapter (adapters/broken): a crash, a hang, garbage, a wrong answer,
/// an answer saying it could not read the request, one saying the request is unsupported, and a suite the adapter
/// does not support — each is classified as the format says, and the run completes with every case classified.
/// </summary>
public sealed class RunnerTests
{
    private static readonly AuditOptions Options = new()
    {
        Adapter = TestVectors.BrokenAdapter,
        Timeout = TimeSpan.FromSeconds(3),
        StartTimeout = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void BrokenAdapter_EachMisbehaviourIsClassified_AndTheRunCompletes()
    {
        var vectors = TestVectors.Write(
            new WrittenFile("canonical_json", "broken", "cases for the broken adapter", TestVectors.Cases(
                TestVectors.CanonicalCase("t/01-ok", """{"b":1,"a":2}""", """{"canonical":"{\"a\":2,\"b\":1}"}"""),
                TestVectors.CanonicalCase("t/02-crash", """["crash"]""", """{"canonical":"[\"crash\"]"}"""),
                TestVectors.CanonicalCase("t/03-ok-after-crash", """[1, 2]""", """{"canonical":"[1,2]"}"""),
                TestVectors.CanonicalCase("t/04-hang", """["hang"]""", """{"canonical":"[\"hang\"]"}"""),
                TestVectors.CanonicalCase("t/05-ok-after-hang", """{"x":null}""", """{"canonical":"{\"x\":null}"}"""),
                TestVectors.CanonicalCase("t/06-garbage", """["garbage"]""", """{"canonical":"[\"garbage\"]"}"""),
                TestVectors.CanonicalCase("t/07-wrong", """["wrong"]""", """{"canonical":"[\"wrong\"]"}"""),
                TestVectors.CanonicalCase("t/08-unreadable", """["unreadable"]""", """{"canonical":"[\"unreadable\"]"}"""),
                TestVectors.CanonicalCase("t/09-unsupported", """["unsupported"]""", """{"canonical":"[\"unsupported\"]"}"""),
                TestVectors.CanonicalCase("t/10-noise", """["noise"]""", """{"canonical":"[\"noise\"]"}"""),
                TestVectors.CanonicalCase("t/11-invalid-agreed", """{"a":""", """{"invalid":true,"rule":"json.truncated"}"""))),
            new WrittenFile("signing", "missing", "a suite the broken adapter does not support", TestVectors.Cases(TestVectors.SigningCase("t/12-signing"))));

        var clock = Stopwatch.StartNew();
        var report = AuditRunner.Run(vectors, Options);
        clock.Stop();

        var classes = report.Results.ToDictionary(r => r.Case.Id, r => r.Class);
        Assert.Equal(12, classes.Count);
        Assert.Equal(CaseClass.Pass, classes["t/01-ok"]);
        Assert.Equal(CaseClass.Unknown, classes["t/02-crash"]);
        Assert.Equal(CaseClass.Pass, classes["t/03-ok-after-crash"]);
        Assert.Equal(CaseClass.Unknown, classes["t/04-hang"]);
        Assert.Equal(CaseClass.Pass, classes["t/05-ok-after-hang"]);
        Assert.Equal(CaseClass.Unknown, classes["t/06-garbage"]);
        Assert.Equal(CaseClass.Fail, classes["t/07-wrong"]);
        Assert.Equal(CaseClass.Unknown, classes["t/08-unreadable"]);
        Assert.Equal(CaseClass.NotApplicable, classes["t/09-unsupported"]);
        Assert.Equal(CaseClass.Pass, classes["t/10-noise"]);
        Assert.Equal(CaseClass.Pass, classes["t/11-invalid-agreed"]);
        Assert.Equal(CaseClass.NotApplicable, classes["t/12-signing"]);

        string Detail(string id) => report.Results.Single(r => r.Case.Id == id).Detail;
        Assert.Contains("exit code 3", Detail("t/02-crash"), StringComparison.Ordinal);
        Assert.Contains("no answer within 3 s", Detail("t/04-hang"), StringComparison.Ordinal);
        Assert.Contains("not JSON", Detail("t/06-garbage"), StringComparison.Ordinal);
        Assert.Contains("could not read the request", Detail("t/08-unreadable"), StringComparison.Ordinal);
        Assert.Contains("does not support the suite signing", Detail("t/12-signing"), StringComparison.Ordinal);
        var canonical = Assert.Single(report.Suites, s => s.Suite == "canonical_json");
        Assert.Equal(3, canonical.Restarts); // after the crash, the hang and the garbage
        Assert.False(Assert.Single(report.Suites, s => s.Suite == "signing").Supported);
        Assert.False(report.Passed);
        // One hang costs one timeout, not the run.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the run took {clock.Elapsed}");

        // Every report is written from the same results.
        using var json = JsonDocument.Parse(JsonReport.Write(report));
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("fail").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("summary").GetProperty("unknown").GetInt32());
        var rules = json.RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToList();
        Assert.Equal(["canonical_json.encode"], rules);
        var junit = XDocument.Parse(JUnitReport.Write(report));
        Assert.Single(junit.Descendants("failure"));
        Assert.Equal(4, junit.Descendants("error").Count());
        Assert.Equal(2, junit.Descendants("skipped").Count());
        var table = ConsoleReport.Write(report);
        Assert.Contains("| canonical_json |", table, StringComparison.Ordinal);
        Assert.Contains("FAILED", table, StringComparison.Ordinal);
    }

    [Fact]
    public void AdapterWithoutAHandshake_EveryCaseIsUnknown_AndTheRunCompletes()
    {
        var vectors = TestVectors.Write(new WrittenFile("canonical_json", "x", "x", TestVectors.Cases(
            TestVectors.CanonicalCase("t/a", "[]", """{"canonical":"[]"}"""), TestVectors.CanonicalCase("t/b", "{}", """{"canonical":"{}"}"""))));

        // `echo` writes the suite's name, which is no handshake.
        var report = AuditRunner.Run(vectors, Options with { Adapter = "echo" });

        Assert.All(report.Results, r => Assert.Equal(CaseClass.Unknown, r.Class));
        Assert.All(report.Results, r => Assert.Contains("not JSON", r.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public void AdapterThatKeepsHanging_IsGivenUpOn_AfterTheConfiguredNumberInARow()
    {
        var vectors = TestVectors.Write(new WrittenFile("canonical_json", "x", "x", TestVectors.Cases(
            [.. Enumerable.Range(0, 6).Select(i => TestVectors.CanonicalCase("t/hang-" + i, """["hang"]""", """{"canonical":"[\"hang\"]"}"""))])));

        var report = AuditRunner.Run(vectors, Options with { Timeout = TimeSpan.FromSeconds(1), GiveUpAfter = 2 });

        Assert.All(report.Results, r => Assert.Equal(CaseClass.Unknown, r.Class));
        Assert.Equal(4, report.Results.Count(r => r.Detail.StartsWith("not asked", StringComparison.Ordinal)));
    }

    [Fact]
    public void ExpectationsFile_MakesAKnownFailureKnown_AndReportsAStaleEntry()
    {
        var vectors = TestVectors.Write(new WrittenFile("canonical_json", "x", "x", TestVectors.Cases(
            TestVectors.CanonicalCase("t/wrong", """["wrong"]""", """{"canonical":"[\"wrong\"]"}"""),
            TestVectors.CanonicalCase("t/fine", "[1]", """{"canonical":"[1]"}"""))));
        var file = Path.Combine(vectors.Folder, "expectations.json");
        File.WriteAllText(file, """
            {"format": "invitejoin-expectations/1", "implementation": "broken",
             "known": [{"cases": "t/wr*", "reason": "answers [] on purpose"}, {"cases": "t/fine", "reason": "once failed"}]}
            """);

        var report = AuditRunner.Run(vectors, Options with { Expectations = Expectations.Load(file) });

        var wrong = Assert.Single(report.Results, r => r.Case.Id == "t/wrong");
        Assert.Equal(CaseClass.KnownDivergence, wrong.Class);
        Assert.Contains("answers [] on purpose", wrong.Detail, StringComparison.Ordinal);
        Assert.True(report.Passed);
        Assert.Equal("t/fine", Assert.Single(report.StaleExpectations).Cases);
    }

    [Fact]
    public void ProfileAnswer_MatchedByTheAdapter_IsAKnownDivergenceNamingItsSwitch()
    {
        var vectors = TestVectors.Write(new WrittenFile("canonical_json", "x", "x", TestVectors.Cases(
            TestVectors.CanonicalCase("t/wrong", """["wrong"]""", """{"canonical":"[\"wrong\"]"}""",
                profiles: """{"lenient":{"divergences":["lenient.answers_empty"],"expected":{"canonical":"[]"}}}"""))));

        var report = AuditRunner.Run(vectors, Options);

        var result = Assert.Single(report.Results);
        Assert.Equal(CaseClass.KnownDivergence, result.Class);
        Assert.Equal(["lenient.answers_empty"], result.Explained);
        Assert.Equal("lenient.answers_empty", Assert.Single(report.KnownDivergences).Key);
    }
}
