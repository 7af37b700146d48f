using System.Collections.Immutable;
using InviteJoin.Conformance.Adapters;
using InviteJoin.Conformance.Running;
using InviteJoin.Conformance.Vectors;
using Xunit;

namespace InviteJoin.Conformance.Tests;

/// <summary>The classes of spec/vectors/README.md, decided from an adapter's reply alone.</summary>
public sealed class ClassifierTests
{
    private static VectorCase Auth(string expected, params ProfileAnswer[] profiles) =>
        new("auth/x", "auth", "g", "10", ["member.join.not_invited"], ["auth_bypass"], null, "{}", TestVectors.Json(expected), [.. profiles], TestVectors.Json("{}"));

    private static CaseResult Classify(VectorCase c, string answer) =>
        Classifier.Classify(c, new AdapterReply(ReplyKind.Answer, TestVectors.Json(answer), "", answer), Expectations.None);

    private static readonly ProfileAnswer Synapse = new("synapse", TestVectors.Json("""{"exception":"key_error","rule":"member.join.not_invited"}"""), ["synapse.malformed_member_raises"]);

    [Theory]
    [InlineData("""{"allowed":false}""", CaseClass.Pass)]
    [InlineData("""{"allowed":false,"rule":"member.join.not_invited","reason":"any text"}""", CaseClass.Pass)]
    [InlineData("""{"allowed":false,"rule":"member.join.sender_banned"}""", CaseClass.OtherReason)]
    [InlineData("""{"allowed":true}""", CaseClass.Fail)]
    [InlineData("""{"exception":"key_error"}""", CaseClass.Fail)]
    [InlineData("""{"allowed":false,"exception":"key_error"}""", CaseClass.Fail)]
    [InlineData("""{"error":{"code":"request.wrong_type","message":"x"}}""", CaseClass.Unknown)]
    [InlineData("""{"unsupported":"room version 10"}""", CaseClass.NotApplicable)]
    [InlineData("""{"verdict":"allowed"}""", CaseClass.Unknown)]
    [InlineData("""[false]""", CaseClass.Unknown)]
    public void AnswerToARejection_IsClassifiedByOutcomeThenReason(string answer, CaseClass expected) =>
        Assert.Equal(expected, Classify(Auth("""{"allowed":false,"rule":"member.join.not_invited"}"""), answer).Class);

    [Fact]
    public void ProfilesAnswer_IsAKnownDivergenceNamingTheSwitch()
    {
        var result = Classify(Auth("""{"allowed":false,"rule":"member.join.not_invited"}""", Synapse), """{"exception":"key_error"}""");

        Assert.Equal(CaseClass.KnownDivergence, result.Class);
        Assert.Equal(["synapse.malformed_member_raises"], result.Explained);
        Assert.Contains("synapse.malformed_member_raises", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SameOutcomeForTheProfilesReason_IsAKnownDivergence_ForAnotherReason_NotOne()
    {
        var byRule = new ProfileAnswer("synapse", TestVectors.Json("""{"allowed":false,"rule":"federate.foreign_sender"}"""), ["synapse.federate_checks_target"]);
        var c = Auth("""{"allowed":false,"rule":"member.join.not_invited"}""", byRule);

        Assert.Equal(CaseClass.KnownDivergence, Classify(c, """{"allowed":false,"rule":"federate.foreign_sender"}""").Class);
        Assert.Equal(CaseClass.OtherReason, Classify(c, """{"allowed":false,"rule":"sender.not_joined"}""").Class);
    }

    [Fact]
    public void Numbers_CompareByValue_KeysByNameNotOrder()
    {
        var c = new VectorCase("handshake/x", "handshake", "g", "10", ["make_join.issued"], [], null, "{}",
            TestVectors.Json("""{"status":200,"facts":{"a":1,"b":[1,2]},"rule":"make_join.issued"}"""), [], TestVectors.Json("{}"));

        Assert.Equal(CaseClass.Pass, Classify(c, """{"facts":{"b":[1,2.0],"a":1.0},"status":200}""").Class);
        Assert.Equal(CaseClass.Fail, Classify(c, """{"facts":{"b":[2,1],"a":1},"status":200}""").Class);
    }

    [Theory]
    [InlineData(ReplyKind.Timeout)]
    [InlineData(ReplyKind.Exited)]
    [InlineData(ReplyKind.Garbage)]
    [InlineData(ReplyKind.NotStarted)]
    public void NoUsableReply_IsUnknown_WithItsDetail(ReplyKind kind)
    {
        var result = Classifier.Classify(Auth("""{"allowed":true,"rule":"event.allowed"}"""), new AdapterReply(kind, null, "what happened", null), Expectations.None);

        Assert.Equal(CaseClass.Unknown, result.Class);
        Assert.Equal("what happened", result.Detail);
    }

    [Fact]
    public void Expectation_ExplainsAFailure_ButNeverTurnsAPassIntoAnything()
    {
        var known = new Expectations("x", [new Expectation("auth/*", "documented")]);
        var c = Auth("""{"allowed":false,"rule":"member.join.not_invited"}""");

        var failed = Classifier.Classify(c, new AdapterReply(ReplyKind.Answer, TestVectors.Json("""{"allowed":true}"""), "", null), known);
        var passed = Classifier.Classify(c, new AdapterReply(ReplyKind.Answer, TestVectors.Json("""{"allowed":false}"""), "", null), known);

        Assert.Equal(CaseClass.KnownDivergence, failed.Class);
        Assert.StartsWith("known failure: documented", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(CaseClass.Pass, passed.Class);
    }

    [Fact]
    public void AnswerWithALoneSurrogate_IsReadNotCrashedOn()
    {
        var c = new VectorCase("canonical_json/x", "canonical_json", "g", null, ["canonical_json.encode"], [], null, "{}",
            TestVectors.Json("""{"invalid":true,"rule":"json.lone_surrogate"}"""), [], TestVectors.Json("{}"));

        var result = Classify(c, """{"canonical":"\"\ud83d\""}""");

        Assert.Equal(CaseClass.Fail, result.Class);
        Assert.Contains("\\ud83d", result.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryClass_HasItsOwnToken() =>
        Assert.Equal(CaseClasses.All.Length, CaseClasses.All.Select(CaseClasses.Token).Distinct().Count());

    [Fact]
    public void Suites_NameReasonKeysApartFromOutcomeKeys() =>
        Assert.All(Suites.All, s => Assert.DoesNotContain(s.Compared, Suites.IsReason));

}
