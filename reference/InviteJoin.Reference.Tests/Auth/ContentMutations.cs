using System.Numerics;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Edits of events for <see cref="BadContentTests"/>: content values deleted, replaced by odd values or added
/// under the keys the rules read, at any depth; state keys and senders replaced by malformed user IDs. Each
/// edit is a <see cref="Mutation"/> of small integers, so CsCheck can generate and shrink it.
/// </summary>
internal static class ContentMutations
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;
    private const string Zara = TestUsers.Zara;
    private const string Dave = BadContentTests.Dave;

    /// <summary>One edit: what it targets (the event, or the n-th state event), what it does, and three choices.</summary>
    public readonly record struct Mutation(int Target, int Operation, int Path, int Key, int Value);

    public static readonly BigInteger Huge = BigInteger.Pow(10, 400);

    /// <summary>Values that a rule might misread: wrong types, edge integers, huge integers, floats, odd strings, user-ID look-alikes.</summary>
    public static readonly ImmutableArray<JsonValue> WeirdValues =
    [
        JsonValue.Null, JsonValue.Bool(true), JsonValue.Bool(false),
        JsonValue.Number(0), JsonValue.Number(-1), JsonValue.Number(50), JsonValue.Number(100),
        JsonValue.Number(JsonNumber.MaxSafeInteger), JsonValue.Number(-JsonNumber.MaxSafeInteger), JsonValue.Number(JsonNumber.MaxSafeInteger + 1), JsonValue.Number(long.MaxValue), JsonValue.Number(long.MinValue),
        JsonNumber.FromInteger(Huge, isIntegerLexeme: true), JsonNumber.FromInteger(-Huge, isIntegerLexeme: true), JsonNumber.FromInteger(Huge, isIntegerLexeme: false),
        JsonNumber.FromFraction(50.5), JsonNumber.FromFraction(-0.5), JsonNumber.FromFraction(1e300), JsonNumber.FromFraction(-1e300),
        JsonValue.String(""), JsonValue.String("50"), JsonValue.String(" +0050 "), JsonValue.String("-7"), JsonValue.String("fifty"), JsonValue.String("1.5"),
        JsonValue.String(new string('9', PowerLevelNumber.MaxStringDigits)), JsonValue.String("1" + new string('0', PowerLevelNumber.MaxStringDigits)),
        JsonValue.String(Alice), JsonValue.String(Bob), JsonValue.String(Zara), JsonValue.String("bob"), JsonValue.String("@"), JsonValue.String("@:"), JsonValue.String("@bob"),
        JsonValue.String("@bob:"), JsonValue.String("@bob:exa mple.org"), JsonValue.String("@\u0000:example.org"), JsonValue.String("!room:example.org"), JsonValue.String("$e1:example.org"),
        JsonValue.String("join"), JsonValue.String("invite"), JsonValue.String("leave"), JsonValue.String("ban"), JsonValue.String("knock"), JsonValue.String("JOIN"), JsonValue.String("frobnicate"),
        JsonValue.String("public"), JsonValue.String("restricted"), JsonValue.String("knock_restricted"), JsonValue.String("private"), JsonValue.String("13"), JsonValue.String("12"),
        JsonArray.Empty, JsonValue.Array(JsonValue.Number(1), JsonValue.String("x")), JsonValue.Array(JsonValue.String(Bob)), JsonValue.Array(JsonValue.String("bob")),
        JsonObject.Empty,
        JsonValue.Object(("signed", JsonValue.Object(("mxid", JsonValue.String(Zara)), ("token", JsonValue.String("tok"))))),
        JsonValue.Object(("mxid", JsonValue.String(Zara)), ("token", JsonValue.String("tok")), ("signatures", JsonValue.Object(("x", JsonValue.Object(("ed25519:0", JsonValue.String("AAAA"))))))),
        JsonValue.Object((Bob, JsonValue.Number(100)), ("bob", JsonValue.Number(1))),
        JsonValue.Object(("room", JsonValue.String("x")), ("m.room.name", JsonNumber.FromInteger(Huge, isIntegerLexeme: true))),
        JsonValue.Object(("public_key", JsonValue.String(TestKeys.IdentityServer.PublicKeyBase64))),
    ];

    /// <summary>Keys the rules read, and user-ID look-alikes for the users map.</summary>
    public static readonly ImmutableArray<string> InterestingKeys =
    [
        "membership", MemberContent.Authoriser, "third_party_invite", "signed", "mxid", "token", "signatures", "join_rule", "allow",
        "users", "events", "notifications", "users_default", "events_default", "state_default", "ban", "kick", "redact", "invite",
        "creator", "room_version", "additional_creators", "m.federate", "public_key", "public_keys", "redacts", "aliases",
        Alice, Bob, Charlie, Zara, "bob", "@", "@:", "@bob", "@bob:", "", "\u0000", "m.room.power_levels", "room",
    ];

    /// <summary>Strings for state keys and senders: valid IDs, other users, and malformed IDs.</summary>
    public static readonly ImmutableArray<string> UserLikeStrings =
        [Alice, Bob, Charlie, Zara, Dave, "", "bob", "@", "@:", "@bob", "@bob:", "@bob:example.org:1:2", "@bob:[::1]", "@bob:exa mple.org", "@b\u0000b:example.org", "example.org", "elsewhere.test", "tok"];

    /// <summary>Applies one edit to an event's JSON: content values deleted, replaced or added (at any depth), or the state key or sender replaced.</summary>
    public static JsonObject Apply(JsonObject json, Mutation m) => m.Operation switch
    {
        <= 5 => json.With("content", MutateObject(json["content"] as JsonObject ?? JsonObject.Empty, m, depth: 0)),
        6 => json.With("state_key", JsonValue.String(UserLikeStrings[m.Value % UserLikeStrings.Length])),
        7 => json.With("sender", JsonValue.String(UserLikeStrings[m.Value % UserLikeStrings.Length])),
        8 => m.Value % 3 == 0 ? json.Without("state_key") : m.Value % 3 == 1 ? json.With("content", WeirdValues[m.Key % WeirdValues.Length]) : json.Without("content"),
        _ => json.With("prev_events", json["auth_events"] ?? JsonArray.Empty),
    };

    private static JsonObject MutateObject(JsonObject content, Mutation m, int depth)
    {
        // Step into a nested object when the path says so and there is one.
        var nested = content.Members.Where(p => p.Value is JsonObject).ToArray();
        if (depth < 3 && nested.Length > 0 && (m.Path >> (depth * 2) & 3) == 3)
        {
            var (key, value) = nested[(m.Path + depth) % nested.Length];
            return content.With(key, MutateObject((JsonObject)value, m, depth + 1));
        }
        var weird = WeirdValues[m.Value % WeirdValues.Length];
        return (m.Operation % 3, content.Count) switch
        {
            (0, > 0) => content.Without(content[m.Key % content.Count].Key),
            (1, > 0) => content.With(content[m.Key % content.Count].Key, weird),
            _ => content.With(InterestingKeys[m.Key % InterestingKeys.Length], weird),
        };
    }
}
