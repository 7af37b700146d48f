using System.Text;
using CsCheck;

namespace InviteJoin.Reference.Tests.Crypto;

public sealed class UnpaddedBase64Tests
{
    // spec v1.19, appendices, "Unpadded Base64": the examples of UNPADDED_BASE64.
    public static TheoryData<string, string> SpecExamples => new()
    {
        { "", "" },
        { "f", "Zg" },
        { "fo", "Zm8" },
        { "foo", "Zm9v" },
        { "foob", "Zm9vYg" },
        { "fooba", "Zm9vYmE" },
        { "foobar", "Zm9vYmFy" },
    };

    [Theory]
    [MemberData(nameof(SpecExamples))]
    public void SpecExample_EncodesAsSpecified(string plain, string encoded)
    {
        Assert.Equal(encoded, UnpaddedBase64.Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.Equal(encoded, UnpaddedBase64.EncodeUrlSafe(Encoding.ASCII.GetBytes(plain)));
    }

    [Theory]
    [MemberData(nameof(SpecExamples))]
    public void SpecExample_DecodesStrictlyAndLeniently(string plain, string encoded)
    {
        foreach (var strictness in new[] { Base64Strictness.Strict, Base64Strictness.Lenient })
        {
            var decoded = UnpaddedBase64.Decode(encoded, Base64Alphabet.Standard, strictness);
            Assert.True(decoded.IsOk, decoded.Failure?.ToString());
            Assert.Equal(plain, Encoding.ASCII.GetString(decoded.Value));
        }
    }

    [Fact]
    public void BytesForLastTwoValues_UseEachAlphabetsCharacters()
    {
        // 0xFB 0xFF splits into the 6-bit values 62, 63 and 60 (RFC 4648 §4 and §5).
        byte[] bytes = [0xFB, 0xFF];
        Assert.Equal("+/8", UnpaddedBase64.Encode(bytes));
        Assert.Equal("-_8", UnpaddedBase64.EncodeUrlSafe(bytes));
        Assert.Equal(bytes, UnpaddedBase64.Decode("-_8", Base64Alphabet.UrlSafe, Base64Strictness.Strict).Value);
        Assert.Equal(bytes, UnpaddedBase64.Decode("+/8", Base64Alphabet.Standard, Base64Strictness.Strict).Value);
    }

    [Theory]
    [InlineData("+/8", Base64Alphabet.UrlSafe, Base64Strictness.Strict)]
    [InlineData("+/8", Base64Alphabet.UrlSafe, Base64Strictness.Lenient)]
    [InlineData("-_8", Base64Alphabet.Standard, Base64Strictness.Strict)]
    [InlineData("-_8", Base64Alphabet.Standard, Base64Strictness.Lenient)]
    [InlineData("Zm9v!", Base64Alphabet.Standard, Base64Strictness.Lenient)]
    [InlineData("Zm 9v", Base64Alphabet.Standard, Base64Strictness.Lenient)]
    [InlineData("Zm9v\n", Base64Alphabet.Standard, Base64Strictness.Lenient)]
    [InlineData("Zm9é", Base64Alphabet.Standard, Base64Strictness.Lenient)]
    public void CharacterOutsideAlphabet_FailsWithInvalidCharacter(string text, Base64Alphabet alphabet, Base64Strictness strictness)
    {
        var decoded = UnpaddedBase64.Decode(text, alphabet, strictness);
        Assert.False(decoded.IsOk);
        Assert.Equal(CryptoError.Base64InvalidCharacter, decoded.Failure!.Code);
        Assert.Equal("crypto.base64_invalid_character", decoded.Failure.Token);
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("Zm9vY")]
    [InlineData("Zm9vYmFyZ")]
    public void OneCharacterOverAGroup_FailsWithInvalidLength(string text)
    {
        foreach (var strictness in new[] { Base64Strictness.Strict, Base64Strictness.Lenient })
        {
            var decoded = UnpaddedBase64.Decode(text, Base64Alphabet.Standard, strictness);
            Assert.Equal(CryptoError.Base64InvalidLength, decoded.Failure?.Code);
        }
    }

    [Theory]
    [InlineData("Zg==", "f")]
    [InlineData("Zm8=", "fo")]
    [InlineData("Zm9vYg==", "foob")]
    public void CorrectPadding_LenientAcceptsStrictRejects(string text, string plain)
    {
        Assert.Equal(plain, Encoding.ASCII.GetString(UnpaddedBase64.Decode(text, Base64Alphabet.Standard, Base64Strictness.Lenient).Value));
        Assert.Equal(CryptoError.Base64Padding, UnpaddedBase64.Decode(text, Base64Alphabet.Standard, Base64Strictness.Strict).Failure?.Code);
    }

    [Theory]
    [InlineData("Zg=")]
    [InlineData("Zg===")]
    [InlineData("Zm9v=")]
    [InlineData("Zm9v====")]
    [InlineData("Z===")]
    [InlineData("Zg==Zg==")]
    [InlineData("=")]
    public void MisplacedOrWrongPadding_FailsEvenLeniently(string text)
    {
        var decoded = UnpaddedBase64.Decode(text, Base64Alphabet.Standard, Base64Strictness.Lenient);
        Assert.Equal(CryptoError.Base64Padding, decoded.Failure?.Code);
    }

    [Theory]
    [InlineData("Zh", "f")]
    [InlineData("Zm9=", "fo")]
    [InlineData("Zm9", "fo")]
    public void NonzeroTrailingBits_LenientAcceptsStrictRejects(string text, string plain)
    {
        // "Zh": h = 33 leaves 0001 in the four bits that belong to no byte; "Zm9": 9 = 61 leaves 01.
        var unpadded = text.TrimEnd('=');
        Assert.Equal(plain, Encoding.ASCII.GetString(UnpaddedBase64.Decode(text, Base64Alphabet.Standard, Base64Strictness.Lenient).Value));
        var strict = UnpaddedBase64.Decode(unpadded, Base64Alphabet.Standard, Base64Strictness.Strict);
        Assert.Equal(CryptoError.Base64NonzeroTrailingBits, strict.Failure?.Code);
        Assert.Equal("crypto.base64_nonzero_trailing_bits", strict.Failure?.Token);
    }

    [Fact]
    public void SpecSigningKeySeed_DecodesOnlyLeniently()
    {
        // spec v1.19, appendices, "Cryptographic Test Vectors": the seed's last character '1' (53 = 110101)
        // leaves 01 in the two unused bits.
        var strict = UnpaddedBase64.Decode(SpecVectors.Seed, Base64Alphabet.Standard, Base64Strictness.Strict);
        Assert.Equal(CryptoError.Base64NonzeroTrailingBits, strict.Failure?.Code);

        var lenient = UnpaddedBase64.Decode(SpecVectors.Seed, Base64Alphabet.Standard, Base64Strictness.Lenient);
        Assert.True(lenient.IsOk, lenient.Failure?.ToString());
        Assert.Equal(Convert.FromHexString(SpecVectors.SeedHex), lenient.Value);
        Assert.Equal("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA0", UnpaddedBase64.Encode(lenient.Value));
    }

    [Fact]
    public void AnyBytes_EncodeAsTheBclDoesWithoutPaddingAndDecodeBack()
    {
        // The BCL's RFC 4648 encoder is an independent oracle for the encoder.
        Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            var standard = Convert.ToBase64String(bytes).TrimEnd('=');
            var urlSafe = standard.Replace('+', '-').Replace('/', '_');
            Assert.Equal(standard, UnpaddedBase64.Encode(bytes));
            Assert.Equal(urlSafe, UnpaddedBase64.EncodeUrlSafe(bytes));
            Assert.Equal(bytes, UnpaddedBase64.Decode(standard, Base64Alphabet.Standard, Base64Strictness.Strict).Value);
            Assert.Equal(bytes, UnpaddedBase64.Decode(urlSafe, Base64Alphabet.UrlSafe, Base64Strictness.Strict).Value);
            Assert.Equal(bytes, UnpaddedBase64.Decode(Convert.ToBase64String(bytes), Base64Alphabet.Standard, Base64Strictness.Lenient).Value);
        }, iter: 500);
    }

    [Fact]
    public void AnyText_DecodesWithoutThrowingAndStrictImpliesCanonical()
    {
        var text = Gen.Char["ABZabgz0189+/-_=! "].Array[0, 12].Select(cs => new string(cs));
        Gen.Select(text, Gen.Enum<Base64Alphabet>(), Gen.Enum<Base64Strictness>()).Sample((s, alphabet, strictness) =>
        {
            var decoded = UnpaddedBase64.Decode(s, alphabet, strictness);
            if (decoded.IsOk && strictness == Base64Strictness.Strict)
                Assert.Equal(s, UnpaddedBase64.Encode(decoded.Value, alphabet));
            if (!decoded.IsOk)
                Assert.StartsWith("crypto.base64_", decoded.Failure!.Token, StringComparison.Ordinal);
        }, iter: 2000);
    }
}
