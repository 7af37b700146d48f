using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary><c>sign-event</c> against the spec's event signing vectors (spec v1.19, appendices "Cryptographic Test Vectors").</summary>
public sealed class SignEventCommandTests
{
    [Theory]
    [InlineData(SpecVectors.MinimalEvent, SpecVectors.SignedMinimalEvent)]
    [InlineData(SpecVectors.MessageEvent, SpecVectors.SignedMessageEvent)]
    public void SpecVector_RoomVersion1_AnswersTheSpecsSignedEvent(string @event, string expected)
    {
        Cli.AssertAnswers(Cli.Run(SpecVectors.SignEventRequest("1", @event), "sign-event"), expected);
    }

    [Fact]
    public void SignedMessageEvent_VerifiesOnlyInItsRedactedForm()
    {
        // An event's signature covers its redacted form (server-server API "Signing Events"): the full
        // message fails a plain JSON verify, and the output of redact passes it.
        var signed = Cli.Run(SpecVectors.SignEventRequest("1", SpecVectors.MessageEvent), "sign-event").Stdout.TrimEnd('\n');
        var redacted = Cli.Run(SpecVectors.EventRequest("1", signed), "redact").Stdout.TrimEnd('\n');

        var full = Cli.Run(SpecVectors.VerifyRequest(signed), "verify");
        Assert.Equal(JsonValue.Bool(false), ((JsonObject)full.Answer)["valid"]);
        Cli.AssertAnswers(Cli.Run(SpecVectors.VerifyRequest(redacted), "verify"), """{"valid": true}""");
    }

    [Fact]
    public void DerivedV12CreateEvent_RegressionHashAndSignature()
    {
        var run = Cli.Run(SpecVectors.SignEventRequest("12", SpecVectors.V12CreateEvent), "sign-event");

        Assert.Equal(0, run.ExitCode);
        var signed = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(JsonValue.String(SpecVectors.V12CreateContentHash), ((JsonObject)signed["hashes"]!)["sha256"]);
        Assert.Equal(JsonValue.String(SpecVectors.V12CreateSignature), ((JsonObject)((JsonObject)signed["signatures"]!)["domain"]!)["ed25519:1"]);
    }

    [Fact]
    public void FloatInRoomVersion5Event_Signed()
    {
        var run = Cli.Run(SpecVectors.SignEventRequest("5", """{"type": "X", "content": {"n": 1.5}}"""), "sign-event");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"n\":1.5", run.Stdout, StringComparison.Ordinal);
    }
}
