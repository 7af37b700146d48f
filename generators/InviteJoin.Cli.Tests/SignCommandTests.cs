namespace InviteJoin.Cli.Tests;

/// <summary><c>sign</c> against the spec's JSON signing vectors (spec v1.19, appendices "Cryptographic Test Vectors").</summary>
public sealed class SignCommandTests
{
    [Theory]
    [InlineData(null, nameof(SpecVectors.SignedEmptyObject))]
    [InlineData(nameof(SpecVectors.DataObject), nameof(SpecVectors.SignedDataObject))]
    public void SpecVector_AnswersTheSpecsSignedObject(string? objectVector, string expectedVector)
    {
        var (objectJson, expected) = (objectVector is null ? "{}" : SpecVectors.Named(objectVector), SpecVectors.Named(expectedVector));
        Cli.AssertAnswers(Cli.Run(SpecRequests.Sign(objectJson), "sign"), expected);
    }

    [Fact]
    public void ObjectWithOtherSignaturesAndUnsigned_KeepsThemAndAddsOurs()
    {
        var run = Cli.Run(SpecRequests.Sign("""{"signatures": {"other.example": {"ed25519:x": "abc"}}, "unsigned": {"age": 5}}"""), "sign");

        // Signatures and unsigned are not signed, so the signature is the spec's one for {}.
        Cli.AssertAnswers(run, """
            {"signatures": {"domain": {"ed25519:1": "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"},
                            "other.example": {"ed25519:x": "abc"}},
             "unsigned": {"age": 5}}
            """);
    }

    [Fact]
    public void PaddedSeed_AcceptedLikeUnpadded()
    {
        var run = Cli.Run(SpecRequests.Sign("{}").Replace(SpecVectors.Seed, SpecVectors.Seed + "=", StringComparison.Ordinal), "sign");

        Cli.AssertAnswers(run, SpecVectors.SignedEmptyObject);
    }
}
