namespace InviteJoin.Properties.Differential;

/// <summary>
/// The oracle's own failure paths: without the interpreter or the libraries every differential test must
/// fail (never skip) and say how to install them; a hung oracle must fail the test after a timeout.
/// </summary>
public sealed class PythonOracleTests
{
    [Fact]
    public void MissingInterpreter_FailsWithInstallInstructions()
    {
        using var missing = new PythonOracle("/nonexistent/python3", PythonOracle.DefaultArguments, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        var failure = Assert.Throws<InvalidOperationException>(() => missing.Canonical(JsonValue.Null));
        Assert.Contains("apt-get install -y python3-signedjson python3-canonicaljson", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLibraries_FailWithInstallInstructions()
    {
        // Our script with one import pointed at a module that is not installed, as on a machine without the packages.
        var script = PythonOracle.Script.Replace("import canonicaljson\n", "import canonicaljson_not_installed as canonicaljson\n", StringComparison.Ordinal);
        Assert.NotEqual(PythonOracle.Script, script);
        using var withoutLibraries = new PythonOracle(PythonOracle.Interpreter, ["-I", "-u", "-c", script], TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));
        var failure = Assert.Throws<InvalidOperationException>(() => withoutLibraries.Canonical(JsonValue.Null));
        Assert.Contains("ModuleNotFoundError", failure.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y python3-signedjson python3-canonicaljson", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SilentOracle_FailsAfterTheTimeoutInsteadOfHanging()
    {
        // An interpreter that reports ready and then never answers stands in for a hung oracle.
        const string hang = "import time; print('{\"ready\": true, \"python\": \"-\", \"canonicaljson\": \"-\", \"encoder\": \"-\"}', flush=True); time.sleep(60)";
        using var silent = new PythonOracle(PythonOracle.Interpreter, ["-c", hang], TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500));
        var failure = Assert.Throws<InvalidOperationException>(() => silent.Canonical(JsonValue.Null));
        Assert.Contains("did not answer 1 request(s) within 0.5 s", failure.Message, StringComparison.Ordinal);
        // Later calls fail fast with the same reason rather than waiting again.
        Assert.Equal(failure.Message, Assert.Throws<InvalidOperationException>(() => silent.Canonical(JsonValue.Null)).Message);
    }
}
