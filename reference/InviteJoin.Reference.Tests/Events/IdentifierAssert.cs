namespace InviteJoin.Reference.Tests.Events;

/// <summary>Assertions on identifier parse results that compare error codes, never message text.</summary>
internal static class IdentifierAssert
{
    public static T Ok<T>(Result<T> result, string input)
    {
        Assert.True(result.IsOk, $"expected '{Escape(input)}' to parse, got {result.Failure}");
        Assert.Equal(input, result.Value!.ToString());
        return result.Value;
    }

    public static void Fails<T>(Result<T> result, IdentifierError expected, string input)
    {
        Assert.False(result.IsOk, $"expected '{Escape(input)}' to fail with {expected}, but it parsed");
        Assert.Equal(expected, result.Failure!.Code);
    }

    /// <summary>Test inputs contain NUL and lone surrogates; show them as escapes so failure output stays readable.</summary>
    public static string Escape(string? s) =>
        s is null ? "<null>" : string.Concat(s.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
