using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>Small user ID helpers the handlers share.</summary>
internal static class Identifiers
{
    /// <summary>The server name of <paramref name="userId"/>, or null when it is not a user ID (federation accepts historical localparts).</summary>
    public static string? ServerOf(string? userId) =>
        UserId.Parse(userId, UserIdGrammar.Historical) is { IsOk: true } parsed ? parsed.Value.Server.Value : null;

    /// <summary>True when <paramref name="userId"/> is a user ID of <paramref name="serverName"/>.</summary>
    public static bool IsOn(string? userId, string serverName) =>
        string.Equals(ServerOf(userId), serverName, StringComparison.Ordinal);
}
