using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsCheck;
using InviteJoin.Generators.Events;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Properties.Membership;

/// <summary>How the generated member event carries <c>third_party_invite</c>, and how it is wrong if it is.</summary>
public enum ThirdPartyShape
{
    Absent,
    Valid,
    SignedByAnotherKey,
    MxidOfAnotherUser,
    UnknownToken,
    NoSigned,
    SignedNotAnObject,
    NoToken,
    NotAnObject,
}

/// <summary>The room's <c>m.room.join_rules</c>: absent, a <c>join_rule</c> string, or a content without a usable one.</summary>
public sealed record JoinRulesShape(string Kind, string? Rule)
{
    public const string Absent = "absent";
    public const string Rule_ = "rule";
    public const string FieldMissing = "field missing";
    public const string NotAString = "not a string";

    public override string ToString() => Kind == Rule_ ? Rule! : "(" + Kind + ")";
}

/// <summary>Power-levels content: a level for each user of the pool (null: unlisted) and the named levels (null: absent).</summary>
public sealed record PowerLevelsShape(ImmutableArray<long?> Users, long? UsersDefault, long? Invite, long? Kick, long? Ban);

/// <summary>
/// One generated case for invariant I-01: a room state (create event, power levels, join rules, the
/// memberships of the users of a small pool, maybe an <c>m.room.third_party_invite</c>) and one member
/// event, as plain data so that CsCheck shrinks it and a failure prints it readably.
/// </summary>
public sealed record MembershipCase(
    RoomVersion Version,
    int CreateSender,
    int ContentCreator,
    int AdditionalCreators,
    bool FederateFalse,
    PowerLevelsShape? PowerLevels,
    JoinRulesShape JoinRules,
    ImmutableArray<string?> Memberships,
    int? ThirdPartyInviteSender,
    int Sender,
    int Target,
    JsonValue? Membership,
    JsonValue? Authoriser,
    bool AuthoriserSigned,
    ThirdPartyShape ThirdParty,
    bool PrevIsCreate)
{
    public override string ToString() => MembershipCases.Describe(this);
}

/// <summary>Generates <see cref="MembershipCase"/>s and builds their PDUs and state.</summary>
public static class MembershipCases
{
    /// <summary>The users of every case: two on the create event's usual server, two elsewhere.</summary>
    public static readonly ImmutableArray<string> Users = [TestUsers.Alice, TestUsers.Bob, TestUsers.Xavier, TestUsers.Xena];

    private const string Token = "token";

    private static readonly Ed25519SigningKey PublishedKey = TestKeys.IdentityServer;
    private static readonly Ed25519SigningKey OtherKey = TestKeys.Stranger;

    // The levels around the defaults (invite 0, kick and ban 50) and the creator's 100, weighted so that
    // a good share of senders may kick and ban.
    private static readonly Gen<long> Levels = Gen.OneOf(-1L, 0L, 0L, 1L, 49L, 50L, 50L, 51L, 99L, 100L, 100L, 100L);
    private static readonly Gen<long?> OptionalLevel = Gen.Frequency((1, Gen.Const(default(long?))), (2, Levels.Select(level => (long?)level)));
    private static readonly Gen<int> User = Gen.Int[0, Users.Length - 1];
    private static readonly Gen<string?> StateMembership = Gen.Frequency(
        (2, Gen.Const(default(string))), (7, Gen.Const<string?>("join")), (2, Gen.Const<string?>("invite")), (2, Gen.Const<string?>("leave")),
        (2, Gen.Const<string?>("ban")), (2, Gen.Const<string?>("knock")), (1, Gen.Const<string?>("foo")));

    /// <summary>Cases in room version <paramref name="version"/>.</summary>
    public static Gen<MembershipCase> For(RoomVersion version)
    {
        var powerLevels = Gen.Frequency(
            (1, Gen.Const(default(PowerLevelsShape))),
            (3, Gen.Select(OptionalLevel.Array[Users.Length], OptionalLevel, OptionalLevel, OptionalLevel, OptionalLevel,
                (users, usersDefault, invite, kick, ban) => (PowerLevelsShape?)new PowerLevelsShape([.. users], usersDefault, invite, kick, ban))));
        var joinRules = Gen.Frequency(
            (2, Gen.Const(new JoinRulesShape(JoinRulesShape.Absent, null))),
            (12, Gen.OneOf("public", "invite", "knock", "knock", "restricted", "restricted", "knock_restricted", "knock_restricted", "private", "foo").Select(rule => new JoinRulesShape(JoinRulesShape.Rule_, rule))),
            (1, Gen.Const(new JoinRulesShape(JoinRulesShape.FieldMissing, null))),
            (1, Gen.Const(new JoinRulesShape(JoinRulesShape.NotAString, null))));
        var room = Gen.Select(
            Gen.Frequency((3, Gen.Const(0)), (1, User)),
            Gen.Frequency((3, Gen.Const(0)), (1, User)),
            Gen.Frequency((2, Gen.Const(0)), (1, Gen.Int[0, (1 << Users.Length) - 1])),
            Gen.Int[0, 7].Select(i => i == 0),
            powerLevels,
            joinRules,
            StateMembership.Array[Users.Length],
            Gen.Frequency((1, Gen.Const(default(int?))), (1, User.Select(i => (int?)i))));
        var membership = Gen.Frequency(
            (12, Gen.OneOf<JsonValue?>(JsonValue.String("join"), JsonValue.String("invite"), JsonValue.String("leave"), JsonValue.String("ban"), JsonValue.String("knock"))),
            (1, Gen.OneOf<JsonValue?>(JsonValue.String("foo"), JsonValue.Number(1), null)));
        var authoriser = Gen.Frequency(
            (4, Gen.Const(default(JsonValue))),
            (4, User.Select(i => (JsonValue?)JsonValue.String(Users[i]))),
            (1, Gen.OneOf<JsonValue?>(JsonValue.String("not a user"), JsonValue.Number(7))));
        var thirdParty = Gen.Frequency(
            (6, Gen.Const(ThirdPartyShape.Absent)),
            (4, Gen.Const(ThirdPartyShape.Valid)),
            (2, Gen.Enum<ThirdPartyShape>()));
        // Half the events are about their sender (joins, knocks, leaves), the rest pick any target.
        var parties = Gen.Select(User, Gen.Frequency((1, Gen.Const(-1)), (1, User)), (sender, target) => (sender, target < 0 ? sender : target));
        var authoriserSigned = Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false)));
        var @event = Gen.Select(parties, membership, authoriser, authoriserSigned, thirdParty, Gen.Int[0, 3].Select(i => i == 0));
        // Independent choices rarely line up for the cases that need several facts at once, so some cases
        // are focused: a quarter get an empowered sender acting on another user (joined, level 100: kicks,
        // bans and invites), an eighth each a join naming a qualifying authoriser (another user, joined and signing:
        // restricted joins), a third-party invite whose m.room.third_party_invite the sender sent, and a
        // knock; the rest are left as drawn.
        return Gen.Select(room, @event, Gen.Int[0, 7], (r, e, focus) => Focused(new MembershipCase(
            version, r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, [.. r.Item7], r.Item8,
            e.Item1.Item1, e.Item1.Item2, e.Item2, e.Item3, e.Item4, e.Item5, e.Item6), focus));
    }

    private static MembershipCase Focused(MembershipCase c, int focus)
    {
        if (focus is 0 or 1)
        {
            var levels = c.PowerLevels ?? new PowerLevelsShape([.. Enumerable.Repeat(default(long?), Users.Length)], null, null, null, null);
            return c with
            {
                Target = c.Target != c.Sender ? c.Target : (c.Sender + 1) % Users.Length,
                Memberships = c.Memberships.SetItem(c.Sender, "join"),
                PowerLevels = levels with { Users = levels.Users.SetItem(c.Sender, 100) },
            };
        }
        if (focus == 2)
        {
            var authoriser = (c.Sender + 1) % Users.Length;
            return c with
            {
                Target = c.Sender,
                Membership = JsonValue.String("join"),
                Authoriser = JsonValue.String(Users[authoriser]),
                AuthoriserSigned = true,
                Memberships = c.Memberships.SetItem(authoriser, "join"),
            };
        }
        if (focus == 3)
        {
            return c with { Membership = JsonValue.String("invite"), ThirdParty = ThirdPartyShape.Valid, ThirdPartyInviteSender = c.Sender };
        }
        if (focus == 4)
        {
            return c with { Target = c.Sender, Membership = JsonValue.String("knock") };
        }
        return c;
    }

    /// <summary>The member event of <paramref name="c"/> and the state it is judged against, as PDUs of the case's room version.</summary>
    public static (Pdu Event, AuthState State) Build(MembershipCase c)
    {
        var version = c.Version;
        var ids = new EventWriter(version, TestServers.Home);
        var create = ids.Parse(CreateJson(c, ids));
        var events = new List<Pdu> { create };
        var creator = Users[c.CreateSender];

        if (c.PowerLevels is { } levels)
        {
            var users = JsonObject.Empty;
            for (var i = 0; i < Users.Length; i++)
            {
                if (levels.Users[i] is { } level) users = users.With(Users[i], JsonValue.Number(level));
            }
            var content = JsonValue.Object(("users", users));
            if (levels.UsersDefault is { } usersDefault) content = content.With("users_default", JsonValue.Number(usersDefault));
            if (levels.Invite is { } invite) content = content.With("invite", JsonValue.Number(invite));
            if (levels.Kick is { } kick) content = content.With("kick", JsonValue.Number(kick));
            if (levels.Ban is { } ban) content = content.With("ban", JsonValue.Number(ban));
            events.Add(ids.Parse(StateJson(ids, "pl", EventTypes.PowerLevels, "", creator, content)));
        }

        var joinRules = c.JoinRules.Kind switch
        {
            JoinRulesShape.Rule_ => JsonValue.Object(("join_rule", JsonValue.String(c.JoinRules.Rule!))),
            JoinRulesShape.FieldMissing => JsonObject.Empty,
            JoinRulesShape.NotAString => JsonValue.Object(("join_rule", JsonValue.Number(1))),
            _ => null,
        };
        if (joinRules is not null) events.Add(ids.Parse(StateJson(ids, "jr", EventTypes.JoinRules, "", creator, joinRules)));

        for (var i = 0; i < Users.Length; i++)
        {
            if (c.Memberships[i] is { } membership)
            {
                var content = JsonValue.Object(("membership", JsonValue.String(membership)));
                events.Add(ids.Parse(StateJson(ids, "m" + i.ToString(CultureInfo.InvariantCulture), EventTypes.Member, Users[i], Users[i], content)));
            }
        }

        if (c.ThirdPartyInviteSender is { } inviter)
        {
            events.Add(ids.Parse(StateJson(ids, "tpi", EventTypes.ThirdPartyInvite, Token, Users[inviter], ThirdPartyInvites.Content(PublishedKey))));
        }

        return (ids.Parse(EventJson(c, ids, create)), AuthState.FromEvents(events));
    }

    /// <summary>The case in a few readable lines: the state, then the event as canonical JSON.</summary>
    public static string Describe(MembershipCase c)
    {
        var text = new StringBuilder();
        text.Append("room version ").Append(c.Version.Id);
        text.Append(", create sender ").Append(Users[c.CreateSender]);
        if (c.Version.CreatorInContent) text.Append(", content.creator ").Append(Users[c.ContentCreator]);
        if (c.Version.PrivilegedCreators && c.AdditionalCreators != 0) text.Append(", additional_creators ").Append(string.Join(" ", AdditionalCreators(c)));
        if (c.FederateFalse) text.Append(", m.federate false");
        text.Append("\n  join rules: ").Append(c.JoinRules);
        text.Append("\n  power levels: ").Append(c.PowerLevels is { } pl
            ? "users {" + string.Join(", ", Enumerable.Range(0, Users.Length).Where(i => pl.Users[i] is not null).Select(i => Users[i] + ": " + pl.Users[i]!.Value.ToString(CultureInfo.InvariantCulture))) + "}"
              + Named("users_default", pl.UsersDefault) + Named("invite", pl.Invite) + Named("kick", pl.Kick) + Named("ban", pl.Ban)
            : "(none)");
        text.Append("\n  memberships: ").Append(string.Join(", ", Enumerable.Range(0, Users.Length).Select(i => Users[i] + " " + (c.Memberships[i] ?? "none"))));
        if (c.ThirdPartyInviteSender is { } inviter) text.Append("\n  m.room.third_party_invite \"").Append(Token).Append("\" sent by ").Append(Users[inviter]);
        var (e, _) = Build(c);
        text.Append("\n  event: ").Append(CanonicalJson.EncodeToString(e.Json));
        return text.ToString();
    }

    private static string Named(string name, long? value) => value is { } v ? ", " + name + " " + v.ToString(CultureInfo.InvariantCulture) : "";

    private static IEnumerable<string> AdditionalCreators(MembershipCase c) =>
        Enumerable.Range(0, Users.Length).Where(i => (c.AdditionalCreators & (1 << i)) != 0).Select(i => Users[i]);

    private static JsonObject CreateJson(MembershipCase c, EventWriter ids)
    {
        var version = c.Version;
        var content = JsonValue.Object(("room_version", JsonValue.String(version.Id)));
        if (version.CreatorInContent) content = content.With("creator", JsonValue.String(Users[c.ContentCreator]));
        if (version.PrivilegedCreators && c.AdditionalCreators != 0)
        {
            content = content.With("additional_creators", JsonValue.Array(AdditionalCreators(c).Select(user => (JsonValue)JsonValue.String(user))));
        }
        if (c.FederateFalse) content = content.With("m.federate", JsonValue.Bool(false));
        return ids.Json(ids.CreateName, EventTypes.Create, "", Users[c.CreateSender], content, [], [], 1);
    }

    private static JsonObject StateJson(EventWriter ids, string name, string type, string stateKey, string sender, JsonObject content) =>
        ids.Json(name, type, stateKey, sender, content, [ids.CreateName], [], 2, depth: 2);

    private static JsonObject EventJson(MembershipCase c, EventWriter ids, Pdu create)
    {
        var sender = Users[c.Sender];
        var target = Users[c.Target];
        var content = JsonObject.Empty;
        if (c.Membership is { } membership) content = content.With("membership", membership);
        if (c.Authoriser is { } authoriser) content = content.With("join_authorised_via_users_server", authoriser);
        if (ThirdPartyInvite(c.ThirdParty, target) is { } thirdParty) content = content.With("third_party_invite", thirdParty);

        // The sender's server always signs; the authoriser's server only when the case says so (the
        // default signature oracle reads the signatures entry, trusting the checks on receipt).
        var signatures = JsonValue.Object((TestUsers.ServerOf(sender), JsonValue.Object(("ed25519:1", JsonValue.String("c2lnbmF0dXJl")))));
        if (c.AuthoriserSigned && c.Authoriser is JsonString { Value: var named } && named.Contains(':', StringComparison.Ordinal))
        {
            signatures = signatures.With(TestUsers.ServerOf(named), JsonValue.Object(("ed25519:1", JsonValue.String("c2lnbmF0dXJl"))));
        }
        var prev = c.PrevIsCreate ? create.EventId.Value : "prev";
        return ids.Json("event", EventTypes.Member, target, sender, content, [prev], [], 3, depth: 3).With("signatures", signatures);
    }

    private static JsonValue? ThirdPartyInvite(ThirdPartyShape shape, string target)
    {
        if (shape == ThirdPartyShape.Absent) return null;
        if (shape == ThirdPartyShape.NotAnObject) return JsonValue.String("invite");
        if (shape == ThirdPartyShape.NoSigned) return JsonValue.Object(("display_name", JsonValue.String("a...@example.org")));
        if (shape == ThirdPartyShape.SignedNotAnObject) return JsonValue.Object(("display_name", JsonValue.String("a...@example.org")), ("signed", JsonValue.String("signed")));
        var mxid = shape == ThirdPartyShape.MxidOfAnotherUser ? Users[0] == target ? Users[1] : Users[0] : target;
        var token = shape switch
        {
            ThirdPartyShape.UnknownToken => "another token",
            ThirdPartyShape.NoToken => null,
            _ => Token,
        };
        var signed = SignedObjects[(mxid, token, shape != ThirdPartyShape.SignedByAnotherKey)];
        return JsonValue.Object(("display_name", JsonValue.String("a...@example.org")), ("signed", signed));
    }

    // Every signed object a case can carry, signed once: signing per case would cost more than the rest of the case.
    private static readonly ImmutableDictionary<(string Mxid, string? Token, bool PublishedKey), JsonObject> SignedObjects =
        (from mxid in Users
         from token in new[] { Token, "another token", null }
         from published in new[] { true, false }
         select (mxid, token, published))
        .ToImmutableDictionary(key => key, key => ThirdPartyInvites.Signed(key.mxid, key.token, key.published ? PublishedKey : OtherKey));
}
