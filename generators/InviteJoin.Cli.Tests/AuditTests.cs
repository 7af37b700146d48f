using System.Text.Json;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// <c>invitejoin audit</c> over the committed vectors against real adapters: the reference's own (every vector passes;
/// under the synapse profile every case passes or is a known divergence), the Matrix team's Python libraries over
/// Debian's python3-canonicaljson and python3-signedjson, and their JavaScript canonical JSON encoder another-json
/// (npm) — each disagreement of the last two explained in the adapter's expectations file.
/// </summary>
public sealed class AuditTests
{
    private static readonly string Vectors = Path.Combine(Repository.Root, "vectors");

    [Fact]
    public void ReferenceAdapter_PassesEveryVector()
    {
        var json = Path.Combine(Path.GetTempPath(), "invitejoin-audit-reference-" + Environment.ProcessId + ".json");

        var run = Cli.Run("", "audit", "--vectors", Vectors, "--adapter", ReferenceAdapter(), "--quiet", "--json", json);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        File.Delete(json);
        var summary = report.RootElement.GetProperty("summary");
        Assert.Equal(summary.GetProperty("cases").GetInt32(), summary.GetProperty("pass").GetInt32());
        Assert.Equal(9, report.RootElement.GetProperty("suites").GetArrayLength());
        Assert.Contains("PASSED", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceAdapterUnderTheSynapseProfile_FailsNothing_EachDifferenceAKnownDivergence()
    {
        var run = Cli.Run("", "audit", "--vectors", Vectors, "--adapter", ReferenceAdapter() + " --profile synapse", "--suites", "auth,state_res", "--quiet");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("known divergences:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("synapse.rejected_never_readmitted", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("unexplained failures", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PythonSignedjsonAdapter_PassesItsSuites_OrEachDisagreementIsExplained()
    {
        var folder = Path.Combine(Repository.Root, "adapters", "python-signedjson");
        Assert.True(File.Exists("/usr/bin/python3"), "/usr/bin/python3 is missing (.ci/run installs python3-signedjson and python3-canonicaljson)");

        var run = Cli.Run("", "audit", "--vectors", Vectors, "--adapter", $"/usr/bin/python3 \"{Path.Combine(folder, "adapter.py")}\"",
            "--suites", "canonical_json,signing", "--expectations", Path.Combine(folder, "expectations.json"), "--quiet");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.DoesNotContain("stale", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| canonical_json |", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeAnotherJsonAdapter_PassesItsSuite_OrEachDisagreementIsExplained()
    {
        var folder = Path.Combine(Repository.Root, "adapters", "node-another-json");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "another-json")),
            "another-json is not installed: run `npm ci --prefix adapters/node-another-json` (.ci/run does)");

        var run = Cli.Run("", "audit", "--vectors", Vectors, "--adapter", $"node \"{Path.Combine(folder, "adapter.js")}\"",
            "--suites", "canonical_json", "--expectations", Path.Combine(folder, "expectations.json"), "--quiet");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.DoesNotContain("stale", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("known divergence", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_OfVectorsThatAreNotThere_IsAClearErrorWithExit2()
    {
        var run = Cli.Run("", "audit", "--vectors", Path.Combine(Repository.Root, "spec"), "--adapter", "true");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no vector index", run.Stderr, StringComparison.Ordinal);
    }

    private static string ReferenceAdapter()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "invitejoin.dll");
        Assert.True(File.Exists(dll), $"{dll} was not copied beside the tests");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        return $"\"{host}\" \"{dll}\" adapter";
    }
}
