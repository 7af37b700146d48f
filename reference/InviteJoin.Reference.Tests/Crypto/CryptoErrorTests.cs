namespace InviteJoin.Reference.Tests.Crypto;

public sealed class CryptoErrorTests
{
    [Fact]
    public void EveryMember_HasAUniqueCryptoSnakeCaseToken()
    {
        var all = WireToken.All<CryptoError>();
        Assert.NotEmpty(all);
        foreach (var (member, token) in all)
        {
            Assert.Matches("^crypto\\.[a-z0-9]+(_[a-z0-9]+)*$", token);
            Assert.True(WireToken.TryParse<CryptoError>(token, out var back));
            Assert.Equal(member, back);
        }
        Assert.Equal(all.Count, all.Select(p => p.Token).Distinct(StringComparer.Ordinal).Count());
    }
}
