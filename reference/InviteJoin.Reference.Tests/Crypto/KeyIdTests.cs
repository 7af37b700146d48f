namespace InviteJoin.Reference.Tests.Crypto;

public sealed class KeyIdTests
{
    [Fact]
    public void Ed25519KeyId_ParsesIntoAlgorithmAndVersion()
    {
        var keyId = KeyId.Parse("ed25519:1").Value;
        Assert.Equal("ed25519", keyId.Algorithm);
        Assert.Equal("1", keyId.Version);
        Assert.True(keyId.IsEd25519);
        Assert.Equal("ed25519:1", keyId.ToString());
    }

    [Theory]
    [InlineData("ed25519:abc123", true)]
    [InlineData("ed25519:0ldK3y", true)]
    [InlineData("ed25519:a_b_C_9", true)]
    [InlineData("signed_curve25519:AAAAHQ", false)]
    [InlineData("ED25519:1", false)]
    public void WellFormedKeyId_ParsesAndRecognisesEd25519ExactlyByName(string text, bool isEd25519)
    {
        var parsed = KeyId.Parse(text);
        Assert.True(parsed.IsOk, parsed.Failure?.ToString());
        Assert.Equal(isEd25519, parsed.Value.IsEd25519);
        Assert.Equal(text, parsed.Value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ed25519")]
    [InlineData("ed25519:")]
    [InlineData(":1")]
    [InlineData("ed25519:a-b")]
    [InlineData("ed25519:a:b")]
    [InlineData("ed25519:a b")]
    [InlineData("ed 25519:1")]
    [InlineData("ed25519:ключ")]
    public void MalformedKeyId_FailsWithBadKeyId(string text)
    {
        var parsed = KeyId.Parse(text);
        Assert.False(parsed.IsOk);
        Assert.Equal("crypto.bad_key_id", parsed.Failure!.Token);
    }

    [Fact]
    public void SameText_GivesEqualKeyIds()
    {
        Assert.Equal(KeyId.Parse("ed25519:1").Value, KeyId.Parse("ed25519:1").Value);
        Assert.NotEqual(KeyId.Parse("ed25519:1").Value, KeyId.Parse("ed25519:2").Value);
    }
}
