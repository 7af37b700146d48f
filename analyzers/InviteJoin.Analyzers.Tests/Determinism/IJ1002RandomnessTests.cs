namespace InviteJoin.Analyzers.Tests.Determinism;

public sealed class IJ1002RandomnessTests
{
    [Fact]
    public Task UnseededSources_Report() => Verify.AnalyzerAsync<RandomnessAnalyzer>("""
        using System;
        using System.Security.Cryptography;
        class C
        {
            void M(byte[] buffer)
            {
                var a = {|IJ1002:new Random()|}.Next();
                var b = {|IJ1002:Random.Shared|}.Next();
                {|IJ1002:RandomNumberGenerator.Fill(buffer)|};
                var c = {|IJ1002:RandomNumberGenerator.GetInt32(10)|};
                using var rng = {|IJ1002:RandomNumberGenerator.Create()|};
            }
        }
        """);

    [Fact]
    public Task SeededRandom_DoesNotReport() => Verify.AnalyzerAsync<RandomnessAnalyzer>("""
        using System;
        class C
        {
            int M(int seed, Random injected) => new Random(seed).Next() + injected.Next();
        }
        """);
}
