using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// Why a server ACL allows or denies a server, one token per step of the schema's order (spec v1.19, client-server API
/// <c>m.room.server_acl</c>: "applied in the following order").
/// </summary>
public enum AclRule
{
    /// <summary>1. The room's state has no <c>m.room.server_acl</c> event: allow.</summary>
    [WireToken("acl.no_acl")] NoAcl,

    /// <summary>2. The server name is an IPv4 or IPv6 literal and <c>allow_ip_literals</c> is present and <c>false</c>: deny.</summary>
    [WireToken("acl.ip_literal_denied")] IpLiteralDenied,

    /// <summary>3. The server name matches an entry of <c>deny</c>: deny.</summary>
    [WireToken("acl.denied")] Denied,

    /// <summary>4. The server name matches an entry of <c>allow</c>: allow.</summary>
    [WireToken("acl.allowed")] Allowed,

    /// <summary>5. Otherwise: deny (no <c>allow</c> list at all denies every server).</summary>
    [WireToken("acl.not_allowed")] NotAllowed,
}

/// <summary>What a server ACL decided about a server, and the glob that decided (for <see cref="AclRule.Denied"/> and <see cref="AclRule.Allowed"/>).</summary>
public sealed record AclDecision(AclRule Rule, string? Pattern = null)
{
    /// <summary>True when the server may take part in the room.</summary>
    public bool Allowed => Rule is AclRule.NoAcl or AclRule.Allowed;

    public string Token => WireToken.Of(Rule);

    public override string ToString() => Pattern is null ? Token : Token + " (" + Pattern + ")";
}

/// <summary>
/// Server access control lists (spec v1.19, server-server API "Server Access Control Lists (ACLs)"; client-server API
/// <c>m.room.server_acl</c>). A room's current <c>m.room.server_acl</c> decides which servers may make the requests the
/// server-server API protects (make_*, send_*, invite, the retrieval endpoints, and each PDU of a transaction). The
/// <c>allow</c> and <c>deny</c> entries are case-insensitive globs (appendices "Glob-style matching": <c>*</c> any run of
/// characters, <c>?</c> exactly one) matched against the whole server name without its port.
/// </summary>
public static class ServerAcl
{
    /// <summary>The decision of <paramref name="state"/>'s <c>m.room.server_acl</c> (if any) about <paramref name="serverName"/>.</summary>
    public static AclDecision Evaluate(AuthState state, string serverName) =>
        Evaluate(state.Get(EventTypes.ServerAcl, "")?.Content, serverName);

    /// <summary>The decision of an ACL's content about <paramref name="serverName"/>; null content is no ACL.</summary>
    public static AclDecision Evaluate(JsonObject? acl, string serverName)
    {
        // 1. No ACL: allow.
        if (acl is null) return new AclDecision(AclRule.NoAcl);

        // "The suspect server's port number must not be considered." A name the grammar does not admit has no port
        // we could tell apart from its host, and is no IP literal: it is matched whole.
        var parsed = ServerName.Parse(serverName);
        var host = parsed.IsOk ? parsed.Value.Host : serverName;
        var ipLiteral = parsed.IsOk && parsed.Value.HostKind is HostKind.IPv4 or HostKind.IPv6;

        // 2. allow_ip_literals "Defaults to true if missing or otherwise not a boolean".
        if (ipLiteral && acl["allow_ip_literals"] is JsonBool { Value: false }) return new AclDecision(AclRule.IpLiteralDenied);

        // 3., 4. deny, then allow; entries that are not strings match nothing; a list that is not a list is empty.
        if (FirstMatch(acl["deny"], host) is { } denied) return new AclDecision(AclRule.Denied, denied);
        if (FirstMatch(acl["allow"], host) is { } allowed) return new AclDecision(AclRule.Allowed, allowed);

        // 5. Otherwise deny.
        return new AclDecision(AclRule.NotAllowed);
    }

    /// <summary>
    /// True when glob <paramref name="pattern"/> matches the whole of <paramref name="text"/>, case-insensitively: <c>*</c>
    /// matches zero or more characters, <c>?</c> exactly one (spec v1.19, appendices "Glob-style matching").
    /// </summary>
    public static bool GlobMatches(string pattern, string text)
    {
        // Iterative matching with one backtrack point (the last '*'): linear in practice, never exponential.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || SameLetter(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static string? FirstMatch(JsonValue? list, string host)
    {
        if (list is not JsonArray entries) return null;
        foreach (var entry in entries)
        {
            if (entry is JsonString glob && GlobMatches(glob.Value, host)) return glob.Value;
        }
        return null;
    }

    private static bool SameLetter(char a, char b) => a == b || char.ToLowerInvariant(a) == char.ToLowerInvariant(b);
}
