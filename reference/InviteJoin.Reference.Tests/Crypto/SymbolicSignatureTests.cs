namespace InviteJoin.Reference.Tests.Crypto;

/// <summary>
/// The symbolic scheme must bind a signature to its exact bytes and key as a signature does: the simulations trust it
/// to tell a tampered event from an honest one (I-23) and one server's signature from another's (I-11).
/// </summary>
public sealed class SymbolicSignatureTests
{
    private static readonly byte[] KeyA = SymbolicSignature.PublicKeyOf(new byte[32]);
    private static readonly byte[] KeyB = SymbolicSignature.PublicKeyOf([.. Enumerable.Repeat((byte)1, 32)]);

    public static TheoryData<int> Lengths => [0, 1, 7, 8, 9, 63, 64, 65, 500];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Signature_IsSixtyFourBytes_TheSameEveryTime_AndVerifies(int length)
    {
        var message = Message(length, seed: 3);
        var signature = SymbolicSignature.Sign(KeyA, message);
        Assert.Equal(Ed25519.SignatureLength, signature.Length);
        Assert.Equal(signature, SymbolicSignature.Sign(KeyA, Message(length, seed: 3)));
        Assert.True(SymbolicSignature.Verify(KeyA, message, signature));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AnotherKey_OrAnyFlippedBit_DoesNotVerify(int length)
    {
        var message = Message(length, seed: 5);
        var signature = SymbolicSignature.Sign(KeyA, message);
        Assert.False(SymbolicSignature.Verify(KeyB, message, signature));
        for (var bit = 0; bit < length * 8; bit++)
        {
            var tampered = (byte[])message.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SymbolicSignature.Verify(KeyA, tampered, signature), $"bit {bit} of {length} bytes flipped still verifies");
        }
    }

    [Fact]
    public void MessagesThatDifferOnlyByTrailingZeros_SignDifferently()
    {
        // The last partial word is padded with zeros: its length must still tell "ab" from "ab\0".
        var signatures = Enumerable.Range(0, 17).Select(n => Convert.ToHexString(SymbolicSignature.Sign(KeyA, new byte[n]))).ToList();
        Assert.Equal(signatures.Count, signatures.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EveryOutputByte_DependsOnTheMessage()
    {
        var one = SymbolicSignature.Sign(KeyA, Message(40, seed: 7));
        var other = SymbolicSignature.Sign(KeyA, Message(40, seed: 8));
        for (var chunk = 0; chunk < 8; chunk++)
        {
            Assert.NotEqual(one.AsSpan(chunk * 8, 8).ToArray(), other.AsSpan(chunk * 8, 8).ToArray());
        }
    }

    private static byte[] Message(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 31) + seed))];
}
