using InviteJoin.Reference.Dance.Endpoints;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>Assertions on handler answers: rule, errcode and status, never the message.</summary>
internal static class Expect
{
    public static T Ok<T>(EndpointResult<T> result, DanceRule rule)
        where T : class
    {
        Assert.True(result.IsOk, "expected " + DanceRules.Token(rule) + ", got " + result);
        Assert.Equal(rule, result.Rule);
        return result.Value!;
    }

    public static MatrixError Refused<T>(EndpointResult<T> result, DanceRule rule, MatrixErrorCode code, int status)
        where T : class
    {
        Assert.False(result.IsOk, "expected refusal " + DanceRules.Token(rule) + ", got " + result);
        Assert.Equal(rule, result.Rule);
        Assert.Equal(code, result.Error!.ErrCode);
        Assert.Equal(status, result.Error.HttpStatus);
        return result.Error;
    }

    public static ImmutableArray<string> Ver(params string[] versions) => [.. versions];
}
