using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>Small identifier and signature helpers the handlers share.</summary>
internal static class Identifiers
{
    /// <summary>The server name of <paramref name="userId"/>, or null when it is not a user ID (federation accepts historical localparts).</summary>
    public static string? ServerOf(string? userId) =>
        UserId.Parse(userId, UserIdGrammar.Historical) is { IsOk: true } parsed ? parsed.Value.Server.Value : null;

    /// <summary>True when <paramref name="userId"/> is a user ID of <paramref name="serverName"/>.</summary>
    public static bool IsOn(string? userId, string serverName) =>
        string.Equals(ServerOf(userId), serverName, StringComparison.Ordinal);

    /// <summary>True when <paramref name="server"/>'s signature on <paramref name="pdu"/> verifies with a key of <paramref name="keys"/> usable at the event's time.</summary>
    public static bool VerifiesFor(Pdu pdu, string server, KeyRing keys) =>
        EventSigning.VerifySignature(pdu.Json, pdu.Format, server, keys.KeysFor(server, pdu.OriginServerTs, pdu.Format.EnforceKeyValidity)).IsValid;
}
