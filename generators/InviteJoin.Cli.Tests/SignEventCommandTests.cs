namespace InviteJoin.Cli.Tests;

/// <summary><c>sign-event</c> against the spec's event signing vectors (spec v1.19, appendices "Cryptographic Test Vectors").</summary>
public sealed class SignEventCommandTests
{
    [Theory]
    [InlineData(nameof(SpecVectors.MinimalEvent), nameof(SpecVectors.SignedMinimalEvent))]
    [InlineData(nameof(SpecVectors.MessageEvent), nameof(SpecVectors.SignedMessageEvent))]
    public void SpecVector_RoomVersion1_AnswersTheSpecsSignedEvent(string eventVector, string expectedVector)
    {
        var (@event, expected) = (SpecVectors.Named(eventVector), SpecVectors.Named(expectedVector));
        Cli.AssertAnswers(Cli.Run(SpecRequests.SignEvent("1", @event), "sign-event"), expected);
    }

    [Fact]
    public void SignedMessageEvent_VerifiesOnlyInItsRedactedForm()
    {
        // An event's signature covers its redacted form (server-server API "Signing Events"): the full
        // message fails a plain JSON verify, and the output of redact passes it.
        var signed = Cli.Run(SpecRequests.SignEvent("1", SpecVectors.MessageEvent), "sign-event").Stdout.TrimEnd('\n');
        var redacted = Cli.Run(SpecRequests.Event("1", signed), "redact").Stdout.TrimEnd('\n');

        var full = Cli.Run(SpecRequests.Verify(signed), "verify");
        Assert.Equal(JsonValue.Bool(false), ((JsonObject)full.Answer)["valid"]);
        Cli.AssertAnswers(Cli.Run(SpecRequests.Verify(redacted), "verify"), """{"valid": true}""");
    }

    [Fact]
    public void DerivedV12CreateEvent_RegressionHashAndSignature()
    {
        var run = Cli.Run(SpecRequests.SignEvent("12", SpecVectors.V12CreateEvent), "sign-event");

        Assert.Equal(0, run.ExitCode);
        var signed = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(JsonValue.String(SpecVectors.V12CreateContentHash), ((JsonObject)signed["hashes"]!)["sha256"]);
        Assert.Equal(JsonValue.String(SpecVectors.V12CreateSignature), ((JsonObject)((JsonObject)signed["signatures"]!)["domain"]!)["ed25519:1"]);
    }

    [Fact]
    public void FloatInRoomVersion5Event_Signed()
    {
        var run = Cli.Run(SpecRequests.SignEvent("5", """{"type": "X", "content": {"n": 1.5}}"""), "sign-event");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"n\":1.5", run.Stdout, StringComparison.Ordinal);
    }
}
