namespace InviteJoin.Cli.Tests;

/// <summary><c>verify</c>: the spec's signed objects verify; tampering is a verdict (exit 0), not an error.</summary>
public sealed class VerifyCommandTests
{
    [Theory]
    [InlineData(nameof(SpecVectors.SignedEmptyObject))]
    [InlineData(nameof(SpecVectors.SignedDataObject))]
    [InlineData(nameof(SpecVectors.SignedMinimalEvent))]
    public void SpecSignedObject_Valid(string vector)
    {
        var signed = SpecVectors.Named(vector);
        Cli.AssertAnswers(Cli.Run(SpecRequests.Verify(signed), "verify"), """{"valid": true}""");
    }

    [Fact]
    public void SignThenVerify_Valid()
    {
        var signed = Cli.Run(SpecRequests.Sign("""{"nested": {"list": [1, "x", null]}}"""), "sign").Stdout.TrimEnd('\n');

        Cli.AssertAnswers(Cli.Run(SpecRequests.Verify(signed), "verify"), """{"valid": true}""");
    }

    [Fact]
    public void TamperedObject_InvalidWithSignatureMismatch()
    {
        var tampered = SpecVectors.SignedDataObject.Replace("\"Two\"", "\"Three\"", StringComparison.Ordinal);

        var run = Cli.Run(SpecRequests.Verify(tampered), "verify");

        Assert.Equal(0, run.ExitCode);
        var answer = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(JsonValue.Bool(false), answer["valid"]);
        Assert.Equal("crypto.signature_mismatch", CliRun.ErrorCodeOf(JsonValue.Object(("error", answer["error"]!))));
        Assert.Contains("$.object.signatures.domain[\"ed25519:1\"]", ((JsonString)((JsonObject)answer["error"]!)["message"]!).Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ed25519:2": "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI"}""", "crypto.no_known_key")]
    [InlineData("{}", "crypto.no_known_key")]
    public void NoKeyForTheSignature_InvalidVerdict(string verifyKeys, string expectedCode)
    {
        var request = $$"""{"object": {{SpecVectors.SignedEmptyObject}}, "server_name": "domain", "verify_keys": {{verifyKeys}}}""";

        var run = Cli.Run(request, "verify");

        Assert.Equal(0, run.ExitCode);
        var answer = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(JsonValue.Bool(false), answer["valid"]);
        Assert.Equal(expectedCode, CliRun.ErrorCodeOf(JsonValue.Object(("error", answer["error"]!))));
    }

    [Fact]
    public void SignedByAnotherServer_InvalidWithMissingSignature()
    {
        var request = SpecRequests.Verify(SpecVectors.SignedEmptyObject).Replace("\"server_name\": \"domain\"", "\"server_name\": \"elsewhere\"", StringComparison.Ordinal);

        var run = Cli.Run(request, "verify");

        Assert.Equal(0, run.ExitCode);
        var answer = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(JsonValue.Bool(false), answer["valid"]);
        Assert.Equal("crypto.missing_signature", CliRun.ErrorCodeOf(JsonValue.Object(("error", answer["error"]!))));
    }
}
