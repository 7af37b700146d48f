using System.Collections.Immutable;
using System.Globalization;
using CsCheck;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Auth;

/// <summary>
/// Seeded probes of the authorisation rules: a small room (create event, memberships of four users and
/// a user of another server, power levels, join rules, a third-party invite) written from a sequence of
/// choices, and one event checked against auth events chosen from it, so that every branch of the rules
/// is reached in every room version that has it. The room's own events are well-formed; the event under
/// test may be malformed (a missing or odd membership, levels that are strings, booleans, nulls or other
/// types, bad user IDs, broken third-party invites and authorisers), and its citations may be incomplete,
/// repeated, unexpected, rejected, of another room or not supplied. Each probe is the request of the
/// <c>auth</c> command. Probes never put two malformed levels in one map of a power-levels event, where an
/// implementation's answer can depend on its hash order.
/// </summary>
public static class AuthProbeGenerator
{
    /// <summary>The kinds of event a probe checks, in the order <see cref="Build"/> numbers them.</summary>
    public static readonly ImmutableArray<string> Kinds =
        ["create", "member", "member", "member", "power_levels", "power_levels", "state", "message", "third_party_invite", "aliases", "redaction", "join_rules"];

    /// <summary>Probes of <paramref name="versions"/>.</summary>
    public static Gen<AuthProbe> Probes(IReadOnlyList<RoomVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return Gen.Select(Gen.Int[0, versions.Count - 1], Gen.Int[0, 1 << 20].Array[24, 64], (v, choices) => Build(versions[v], choices));
    }

    /// <summary>The probe <paramref name="choices"/> describe (past their end every choice is 0).</summary>
    public static AuthProbe Build(RoomVersion version, IReadOnlyList<int> choices)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(choices);
        return new ProbeWriter(version, choices).Write();
    }

    private sealed class ProbeWriter(RoomVersion version, IReadOnlyList<int> choices)
    {
        private const string Alice = "@alice:example.com";
        private const string Bob = "@bob:example.com";
        private const string Charlie = "@charlie:example.com";
        private const string Dave = "@dave:example.com";
        private const string Eve = "@eve:other.example";
        private const string Token = "sometoken";
        private static readonly string[] Users = [Alice, Bob, Charlie, Dave, Eve];
        private static readonly string[] Memberships = ["join", "join", "join", "invite", "leave", "ban", "knock", "none"];
        private static readonly string[] JoinRules = ["public", "invite", "knock", "restricted", "knock_restricted", "private", "(absent)", "(no event)"];

        // The key the third-party invite publishes, derived from a fixed seed: probes are reproducible.
        private static readonly Ed25519SigningKey InviteKey =
            Ed25519SigningKey.FromSeed(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray(), KeyId.Parse("ed25519:0").Value).Value;

        private readonly Dictionary<string, JsonObject> _state = new(StringComparer.Ordinal); // key "type|state_key" → event; look-ups only
        private readonly List<JsonObject> _written = [];
        private readonly List<string> _rejected = [];
        private int _next;
        private int _count;
        private string _roomId = "!room:example.com";
        private JsonObject? _create;

        // The room's join rule as written (or "(absent)", "(no event)").
        private string JoinRule { get; set; } = "(no event)";

        public AuthProbe Write()
        {
            var kind = Kinds[Choose(Kinds.Length)];
            WriteRoom(kind == "create");
            var (type, stateKey, sender, content, extra) = kind switch
            {
                "create" => CreateUnderTest(),
                "member" => MemberUnderTest(),
                "power_levels" => PowerLevelsUnderTest(),
                "state" => StateUnderTest(),
                "message" => ("m.room.message", (string?)null, Users[Choose(Users.Length)], JsonValue.Object(("body", JsonValue.String("hi"))), JsonObject.Empty),
                "third_party_invite" => ("m.room.third_party_invite", Choose(4) == 0 ? "othertoken" : Token, Users[Choose(Users.Length)],
                    JsonValue.Object(("display_name", JsonValue.String("x"))), JsonObject.Empty),
                "aliases" => ("m.room.aliases", Pick<string?>("example.com", "other.example", "", null), Users[Choose(Users.Length)],
                    JsonValue.Object(("aliases", JsonValue.Array(JsonValue.String("#a:example.com")))), JsonObject.Empty),
                "redaction" => ("m.room.redaction", (string?)null, Users[Choose(Users.Length)], JsonObject.Empty, Redacts()),
                _ => ("m.room.join_rules", "", Users[Choose(Users.Length)], JsonValue.Object(("join_rule", JsonValue.String(Pick("public", "invite")))), JsonObject.Empty),
            };
            return Finish(kind, type, stateKey, sender, content, extra);
        }

        // The room: create, Alice's first join, power levels, join rules, the others' memberships, a third-party invite.
        private void WriteRoom(bool createOnly)
        {
            var createContent = JsonObject.Empty;
            if (version.CreatorInContent) createContent = createContent.With("creator", JsonValue.String(Alice));
            if (Choose(5) == 0) createContent = createContent.With("m.federate", Pick<JsonValue>(JsonValue.Bool(false), JsonValue.Bool(true), JsonValue.String("false"), JsonValue.Number(0)));
            if (version.PrivilegedCreators && Choose(3) == 0) createContent = createContent.With("additional_creators", JsonValue.Array(JsonValue.String(Bob)));
            _create = Event("create", "m.room.create", "", Alice, createContent, [], []);
            if (version.RoomIdIsCreateEventHash) _roomId = "!" + Id(_create)[1..];
            Put(_create);
            if (createOnly) return;
            var aliceJoin = Event("alice", "m.room.member", Alice, Alice, Membership("join"), [Id(_create)], CitedFor("m.room.member", Alice, Alice, Membership("join")));
            Put(aliceJoin);
            if (Choose(6) != 0) Put(Event("power", "m.room.power_levels", "", Alice, StateLevels(), [Id(aliceJoin)], CitedFor("m.room.power_levels", "", Alice, JsonObject.Empty)));
            var joinRule = JoinRules[Choose(JoinRules.Length)];
            JoinRule = joinRule;
            if (joinRule != "(no event)")
            {
                var content = joinRule == "(absent)" ? JsonValue.Object(("x", JsonValue.Bool(true))) : JsonValue.Object(("join_rule", JsonValue.String(joinRule)));
                if (joinRule is "restricted" or "knock_restricted")
                {
                    content = content.With("allow", JsonValue.Array(JsonValue.Object(("type", JsonValue.String("m.room_membership")), ("room_id", JsonValue.String("!other:example.com")))));
                }
                Put(Event("join_rules", "m.room.join_rules", "", Alice, content, [Id(aliceJoin)], CitedFor("m.room.join_rules", "", Alice, content)));
            }
            foreach (var user in Users.Skip(1))
            {
                var membership = Memberships[Choose(Memberships.Length)];
                if (membership == "none" || (membership == "knock" && !version.Knocking)) continue;
                var sender = membership is "join" or "knock" ? user : Alice;
                var content = Membership(membership);
                Put(Event("m_" + user[1..user.IndexOf(':', StringComparison.Ordinal)], "m.room.member", user, sender, content, [Id(aliceJoin)],
                    CitedFor("m.room.member", user, sender, content)));
            }
            if (Choose(2) == 0)
            {
                var inviter = Pick(Alice, Bob);
                var content = JsonValue.Object(("display_name", JsonValue.String("t")), ("key_validity_url", JsonValue.String("https://id.example/isvalid")),
                    ("public_key", JsonValue.String(Choose(6) == 0 ? "notakey" : InviteKey.PublicKeyBase64)));
                if (Choose(3) == 0)
                {
                    content = content.With("public_keys", Choose(5) == 0 ? JsonValue.String("x")
                        : JsonValue.Array(JsonValue.Object(("public_key", JsonValue.String(InviteKey.PublicKeyBase64)))));
                }
                Put(Event("tpi", "m.room.third_party_invite", Token, inviter, content, [Id(aliceJoin)], CitedFor("m.room.third_party_invite", Token, inviter, content)));
            }
        }

        // Power levels of the room state: well-formed, with levels that make senders differ.
        private JsonObject StateLevels()
        {
            var users = new List<(string, JsonValue)>();
            if (!version.PrivilegedCreators) users.Add((Alice, JsonValue.Number(100)));
            users.Add((Bob, JsonValue.Number(Pick(0, 50, 100))));
            users.Add((Charlie, JsonValue.Number(Pick(0, 50))));
            if (Choose(3) == 0) users.Add((Eve, JsonValue.Number(50)));
            var content = JsonValue.Object(("users", JsonValue.Object([.. users])));
            foreach (var key in PowerLevels.TopLevelKeys)
            {
                if (Choose(2) == 0) content = content.With(key, JsonValue.Number(Pick(0, 50, 100)));
            }
            if (Choose(2) == 0)
            {
                var events = JsonValue.Object(("m.room.name", JsonValue.Number(Pick(0, 50, 100))));
                content = content.With("events", Choose(2) == 0 ? events.With("m.room.power_levels", JsonValue.Number(Pick(50, 100))) : events);
            }
            if (version.NotificationsPowerLevels && Choose(3) == 0) content = content.With("notifications", JsonValue.Object(("room", JsonValue.Number(Pick(0, 50)))));
            return content;
        }

        private (string, string?, string, JsonObject, JsonObject) CreateUnderTest()
        {
            var content = JsonObject.Empty;
            if (version.CreatorInContent && Choose(5) != 0) content = content.With("creator", JsonValue.String(Alice));
            if (Choose(3) == 0)
            {
                content = content.With("room_version", Pick<JsonValue>(JsonValue.String(version.Id), JsonValue.String("99"), JsonValue.String("org.matrix.hydra.11"),
                    JsonValue.Number(1), JsonValue.Array(JsonValue.String("1"))));
            }
            if (version.PrivilegedCreators && Choose(3) == 0)
            {
                content = content.With("additional_creators", Pick<JsonValue>(JsonValue.Array(JsonValue.String(Bob)), JsonValue.String(Bob),
                    JsonValue.Array(JsonValue.String("not-a-user")), JsonValue.Array(JsonValue.Number(1))));
            }
            var extra = JsonObject.Empty;
            if (Choose(6) == 0) extra = extra.With("prev_events", JsonValue.Array(JsonValue.String("$earlier")));
            if (!version.RoomIdIsCreateEventHash && Choose(6) == 0) extra = extra.With("room_id", JsonValue.String("!room:other.example"));
            if (version.RoomIdIsCreateEventHash && Choose(6) == 0) extra = extra.With("room_id", JsonValue.String("!room:example.com"));
            return ("m.room.create", "", Pick(Alice, Eve), content, extra);
        }

        private (string, string?, string, JsonObject, JsonObject) MemberUnderTest()
        {
            if (Choose(3) == 0 && Scenario() is { } scenario) return scenario;
            var joined = Users.Where(u => MembershipOf(u) == "join").ToArray();
            var sender = Choose(2) == 0 && joined.Length > 0 ? joined[Choose(joined.Length)] : Users[Choose(Users.Length)];
            var target = Choose(2) == 0 ? sender : Users[Choose(Users.Length)];
            var content = Choose(12) switch
            {
                0 => JsonObject.Empty,
                1 => JsonValue.Object(("membership", Pick<JsonValue>(JsonValue.String("weird"), JsonValue.Number(1), JsonValue.Null))),
                _ => Membership(Pick("join", "join", "invite", "invite", "leave", "leave", "ban", "knock")),
            };
            var membership = (content["membership"] as JsonString)?.Value;
            if (membership == "join" && (Choose(3) == 0 || (JoinRule is "restricted" or "knock_restricted" && Choose(3) != 0)))
            {
                content = content.With(MemberAuthoriser, Pick<JsonValue>(JsonValue.String(Alice), JsonValue.String(Bob), JsonValue.String(Charlie),
                    JsonValue.String(Eve), JsonValue.String("nocolon"), JsonValue.Number(3)));
            }
            else if (version.RestrictedJoins && Choose(12) == 0)
            {
                content = content.With(MemberAuthoriser, JsonValue.String(Pick(Alice, Bob)));
            }
            if (membership == "invite" && Choose(3) == 0)
            {
                content = content.With("third_party_invite", ThirdPartyInvite(target));
                if (_state.TryGetValue(Key("m.room.third_party_invite", Token), out var invite) && Choose(3) != 0) sender = ((JsonString)invite["sender"]!).Value;
            }
            var extra = JsonObject.Empty;
            if (Choose(8) == 0) extra = extra.With("prev_events", JsonValue.Array(JsonValue.String(Id(_create!))));
            if (Choose(25) == 0) extra = extra.With("state_key", Pick<JsonValue>(JsonValue.String("nocolon"), JsonValue.Null));
            return ("m.room.member", target, sender, content, extra);
        }

        private JsonValue ThirdPartyInvite(string target)
        {
            var signed = JsonValue.Object(("mxid", JsonValue.String(Choose(5) == 0 ? Dave : target)), ("token", JsonValue.String(Choose(6) == 0 ? "othertoken" : Token)));
            var signature = JsonSigning.Sign(signed, "id.example", InviteKey)["signatures"]!;
            switch (Choose(9))
            {
                case 0:
                    return JsonValue.Object(("display_name", JsonValue.String("x")));
                case 1:
                    return JsonValue.Object(("signed", JsonValue.Object(("token", JsonValue.String(Token)))));
                case 2:
                    return JsonValue.Object(("signed", JsonValue.Object(("mxid", JsonValue.String(target)))));
                case 3:
                    return JsonValue.String("x");
                case 4:
                    // a bad signature listed before the good one: some implementations try only the first
                    var both = ((JsonObject)signature).With("aa.example", JsonValue.Object(("ed25519:0", JsonValue.String(new string('A', 86)))));
                    return JsonValue.Object(("signed", signed.With("signatures", both)));
                case 5:
                    return JsonValue.Object(("signed", signed.With("signatures", JsonValue.Object(("id.example", JsonValue.Object(("ed25519:0", JsonValue.String(new string('B', 86)))))))));
                default:
                    return JsonValue.Object(("signed", signed.With("signatures", signature)));
            }
        }

        // Membership probes of branches that need several facts at once, set up in the state before the probe.
        private (string, string?, string, JsonObject, JsonObject)? Scenario()
        {
            switch (Choose(7))
            {
                case 5:
                {
                    // A third-party invite by the inviter or someone else, of a target who may be banned.
                    var inviteContent = JsonValue.Object(("display_name", JsonValue.String("t")), ("public_key", JsonValue.String(InviteKey.PublicKeyBase64)));
                    Put(Event("s_tpi", "m.room.third_party_invite", Token, Bob, inviteContent, [Id(_written[^1])],
                        CitedFor("m.room.third_party_invite", Token, Bob, inviteContent)));
                    SetMembership(Bob, "join");
                    SetMembership(Charlie, "join");
                    SetMembership(Dave, Pick("none", "ban", "leave"));
                    var signed = JsonValue.Object(("mxid", JsonValue.String(Dave)), ("token", JsonValue.String(Token)));
                    var signatures = Choose(2) == 0
                        ? JsonSigning.Sign(signed, "id.example", InviteKey)["signatures"]!
                        : JsonValue.Object(("id.example", JsonValue.Object(("ed25519:0", JsonValue.String(new string('C', 86))))));
                    var invite = JsonValue.Object(("signed", signed.With("signatures", signatures)));
                    return ("m.room.member", Dave, Pick(Bob, Charlie), Membership("invite").With("third_party_invite", invite), JsonObject.Empty);
                }
                case 0:
                    // An unban by a joined user who may lack the ban level.
                    SetMembership(Dave, "ban");
                    SetMembership(Charlie, "join");
                    SetLevel("ban", Pick(50, 100));
                    return ("m.room.member", Dave, Charlie, Membership("leave"), JsonObject.Empty);
                case 1:
                    // An invite by a joined user who may lack the invite level.
                    SetMembership(Charlie, "join");
                    SetLevel("invite", Pick(0, 50, 100));
                    return ("m.room.member", Dave, Charlie, Membership(Pick("invite", "ban")), JsonObject.Empty);
                case 2 when version.RestrictedJoins:
                    // A restricted join by a stranger, authorised by a member who may lack the power or not be joined.
                    SetJoinRule(version.KnockRestricted && Choose(2) == 0 ? "knock_restricted" : "restricted");
                    SetMembership(Charlie, Pick("join", "join", "leave"));
                    SetLevel("invite", Pick(0, 50, 100, 100));
                    var content = Membership("join");
                    if (Choose(5) != 0) content = content.With(MemberAuthoriser, JsonValue.String(Pick(Alice, Alice, Charlie, Charlie, Dave)));
                    return ("m.room.member", Eve, Eve, content, JsonObject.Empty);
                case 3 when version.Knocking:
                    SetJoinRule(Pick("knock", "invite", "public"));
                    SetMembership(Dave, Pick("none", "leave", "invite", "ban"));
                    return ("m.room.member", Dave, Pick(Dave, Dave, Eve), Membership("knock"), JsonObject.Empty);
                case 4:
                    // A join by someone not invited, with and without join rules.
                    if (Choose(2) == 0) SetJoinRule("invite");
                    else _state.Remove(Key("m.room.join_rules", ""));
                    SetMembership(Dave, Pick("none", "leave", "invite"));
                    return ("m.room.member", Dave, Dave, Membership("join"), JsonObject.Empty);
                default:
                    return null;
            }
        }

        private void SetMembership(string user, string membership)
        {
            if (membership == "none")
            {
                _state.Remove(Key("m.room.member", user));
                return;
            }
            var sender = membership is "join" or "knock" ? user : Alice;
            var content = Membership(membership);
            Put(Event("s_" + user[1..user.IndexOf(':', StringComparison.Ordinal)], "m.room.member", user, sender, content, [Id(_written[^1])],
                CitedFor("m.room.member", user, sender, content)));
        }

        private void SetJoinRule(string rule)
        {
            var content = JsonValue.Object(("join_rule", JsonValue.String(rule)));
            Put(Event("s_join_rules", "m.room.join_rules", "", Alice, content, [Id(_written[^1])], CitedFor("m.room.join_rules", "", Alice, content)));
        }

        private void SetLevel(string key, long level)
        {
            var current = _state.TryGetValue(Key("m.room.power_levels", ""), out var pl) ? (JsonObject)pl["content"]! : StateLevels();
            var content = current.With(key, JsonValue.Number(level));
            Put(Event("s_power", "m.room.power_levels", "", Alice, content, [Id(_written[^1])], CitedFor("m.room.power_levels", "", Alice, content)));
        }

        private (string, string?, string, JsonObject, JsonObject) PowerLevelsUnderTest()
        {
            if (Choose(3) == 0)
            {
                // A sender of level 50 who may send power levels changes a level above, at or below its own.
                SetMembership(Charlie, "join");
                var levels = JsonValue.Object(
                    ("users", JsonValue.Object([
                        .. version.PrivilegedCreators ? Array.Empty<(string, JsonValue)>() : [(Alice, JsonValue.Number(100))],
                        (Bob, JsonValue.Number(Pick(50, 100))), (Charlie, JsonValue.Number(50))])),
                    ("kick", JsonValue.Number(Pick(50, 100))), ("state_default", JsonValue.Number(50)),
                    ("events", JsonValue.Object(("m.room.name", JsonValue.Number(Pick(50, 100))))));
                Put(Event("s_power", "m.room.power_levels", "", Alice, levels, [Id(_written[^1])], CitedFor("m.room.power_levels", "", Alice, levels)));
                var levelsUsers = (JsonObject)levels["users"]!;
                var changed = Choose(5) switch
                {
                    0 => levels.With("users", levelsUsers.With(Dave, JsonValue.Number(75))),
                    1 => levels.With("users", levelsUsers.With(Bob, JsonValue.Number(25))),
                    2 => levels.With("kick", JsonValue.Number(25)),
                    3 => levels.With("events", JsonObject.Empty),
                    _ => levels.With("users", levelsUsers.With(Charlie, JsonValue.Number(25))),
                };
                return ("m.room.power_levels", "", Charlie, changed, JsonObject.Empty);
            }
            var sender = Choose(2) == 0 ? Pick(Bob, Charlie) : Users[Choose(Users.Length)];
            var current = _state.TryGetValue(Key("m.room.power_levels", ""), out var pl) ? pl["content"] as JsonObject : null;
            var content = current ?? JsonObject.Empty;
            var users = content["users"] as JsonObject ?? JsonObject.Empty;
            // One change of a level, maybe above the sender's.
            switch (Choose(5))
            {
                case 0:
                    users = users.With(Users[Choose(Users.Length)], JsonValue.Number(Pick(0, 50, 75, 100)));
                    break;
                case 4:
                    content = content.With("events", JsonValue.Object(("m.room.name", JsonValue.Number(Pick(25, 75)))));
                    break;
                case 1:
                    users = users.Without(Users[Choose(Users.Length)]);
                    break;
                case 2:
                    content = content.With(PowerLevels.TopLevelKeys[Choose(PowerLevels.TopLevelKeys.Length)], JsonValue.Number(Pick(0, 50, 100)));
                    break;
                default:
                    content = content.With("events", JsonValue.Object(("m.room.topic", JsonValue.Number(Pick(0, 50, 100)))));
                    break;
            }
            if (version.PrivilegedCreators) users = users.Without(Alice);
            if (version.PrivilegedCreators && Choose(8) == 0) users = users.With(Alice, JsonValue.Number(100));
            content = content.With("users", users);
            // At most one odd value, in one place.
            if (Choose(3) == 0)
            {
                var odd = OddLevel();
                content = Choose(5) switch
                {
                    0 => content.With("users", users.With(Bob, odd)),
                    1 => content.With("events", JsonValue.Object(("m.room.name", odd))),
                    2 when version.NotificationsPowerLevels => content.With("notifications", JsonValue.Object(("room", odd))),
                    3 => content.With("users", Pick<JsonValue>(JsonValue.Array(), JsonValue.String("x"), JsonValue.Null, users.With("not-a-user", JsonValue.Number(10)), users.With("@nocolon", JsonValue.Number(10)))),
                    _ => content.With(PowerLevels.TopLevelKeys[Choose(PowerLevels.TopLevelKeys.Length)], odd),
                };
            }
            return ("m.room.power_levels", Choose(20) == 0 ? "x" : "", sender, content, JsonObject.Empty);
        }

        private JsonValue OddLevel()
        {
            var values = new List<JsonValue>
            {
                JsonValue.String("50"), JsonValue.String(" 60 "), JsonValue.String("+30"), JsonValue.String("5_0"), JsonValue.String("foo"),
                JsonValue.String(""), JsonValue.String("٥٠"), JsonValue.Bool(true), JsonValue.Bool(false), JsonValue.Null,
                JsonValue.Array(), JsonObject.Empty, JsonValue.Number(200),
            };
            if (version.FloatPowerLevels) values.Add(JsonNumber.FromFraction(60.7));
            return values[Choose(values.Count)];
        }

        private (string, string?, string, JsonObject, JsonObject) StateUnderTest()
        {
            var sender = Users[Choose(Users.Length)];
            var type = Pick("m.room.name", "m.room.topic", "org.example.custom");
            var stateKey = Choose(3) switch
            {
                0 => sender,
                1 => Users[Choose(Users.Length)],
                _ => "",
            };
            return (type, stateKey, sender, JsonValue.Object(("x", JsonValue.String("y"))), JsonObject.Empty);
        }

        private JsonObject Redacts()
        {
            var redacts = Pick("$target:example.com", "$target:other.example");
            return version.Format.RedactsInContent
                ? JsonValue.Object(("content", JsonValue.Object(("redacts", JsonValue.String(redacts)))))
                : JsonValue.Object(("redacts", JsonValue.String(redacts)));
        }

        private const string MemberAuthoriser = "join_authorised_via_users_server";

        // The event under test, its citations (maybe altered) and what is supplied.
        private AuthProbe Finish(string kind, string type, string? stateKey, string sender, JsonObject content, JsonObject extra)
        {
            if (extra["content"] is JsonObject extraContent)
            {
                foreach (var (k, v) in extraContent.Members) content = content.With(k, v);
                extra = extra.Without("content");
            }
            var cited = type == "m.room.create" ? [] : CitedFor(type, stateKey ?? "", sender, content, stateKey is null).ToList();
            var supplied = _written.ToList();
            switch (type == "m.room.create" || Choose(3) != 0 ? 0 : 1 + Choose(10))
            {
                case 9:
                    cited.Add(NextId("probe", sender)); // the event cites itself
                    break;
                case 1 when cited.Count > 0:
                    cited.RemoveAt(Choose(cited.Count)); // a citation left out
                    break;
                case 2 when _state.Count > 0:
                    cited.Add(Id(_written[Choose(_written.Count)])); // maybe an unexpected or repeated citation
                    break;
                case 3 when cited.Count > 0:
                    _rejected.Add(cited[Choose(cited.Count)]); // a citation rejected on receipt
                    break;
                case 4:
                    cited.Add("$notsupplied" + (version.Format.EventIdInPdu ? ":example.com" : "")); // a citation not supplied
                    break;
                case 5 when cited.Count > 0:
                    // a citation from another room
                    var index = Choose(cited.Count);
                    var foreign = supplied.First(e => Id(e) == cited[index]);
                    supplied[supplied.IndexOf(foreign)] = foreign.With("room_id", JsonValue.String("!elsewhere:example.com"));
                    break;
                case 6 when version.RoomIdIsCreateEventHash:
                    cited.Add(Id(_create!)); // the create event listed in room version 12
                    break;
                case 7 when _state.ContainsKey(Key("m.room.member", sender)):
                    // a second event for the sender's membership key
                    var twin = Event("twin", "m.room.member", sender, sender, Membership("join"), [Id(_create!)], []);
                    supplied.Add(twin);
                    cited.Add(Id(twin));
                    break;
                case 8 when version.RoomIdIsCreateEventHash && Choose(2) == 0:
                    supplied.RemoveAt(0); // the implied create event not supplied
                    break;
                default:
                    break;
            }
            var prev = extra["prev_events"] is JsonArray given ? given.Select(p => ((JsonString)p).Value).ToArray()
                : kind == "create" ? [] : [Id(_written[^1])];
            var e = Event("probe", type, stateKey, sender, content, prev, cited);
            foreach (var (k, v) in extra.Members)
            {
                if (k == "prev_events") continue;
                e = v is JsonNull && k == "state_key" ? e.Without("state_key") : e.With(k, v);
            }
            if (kind == "create" && version.RoomIdIsCreateEventHash && !extra.ContainsKey("room_id")) e = e.Without("room_id");
            if (kind == "create") supplied.Clear();
            return new AuthProbe(version, kind, e, [.. supplied], [.. _rejected.Distinct(StringComparer.Ordinal)]);
        }

        // The IDs auth-events selection picks for an event from the room state.
        private List<string> CitedFor(string type, string stateKey, string sender, JsonObject content, bool nonState = false)
        {
            var ids = new List<string>();
            foreach (var key in AuthEventSelection.Select(type, nonState ? null : stateKey, sender, content, version))
            {
                if (_state.TryGetValue(Key(key.Type, key.Key), out var e)) ids.Add(Id(e));
            }
            return ids;
        }

        // The ID the next event written by sender will have.
        private string NextId(string name, string sender) =>
            "$" + name + (_count + 1).ToString(CultureInfo.InvariantCulture) + (version.Format.EventIdInPdu ? ":" + ServerOf(sender) : "");

        private JsonObject Event(string name, string type, string? stateKey, string sender, JsonObject content, string[] prev, List<string> auth)
        {
            var server = ServerOf(sender);
            var id = NextId(name, sender);
            _count++;
            // The sending server's signature, as verified on receipt (the rules read only which servers signed);
            // a join naming an authorising user mostly carries that user's server's signature too.
            var signatures = JsonValue.Object((server, JsonValue.Object(("ed25519:1", JsonValue.String("sig")))));
            if (content[MemberAuthoriser] is JsonString authoriser && authoriser.Value.Contains(':', StringComparison.Ordinal) && Choose(4) != 0)
            {
                signatures = signatures.With(ServerOf(authoriser.Value), JsonValue.Object(("ed25519:1", JsonValue.String("sig"))));
            }
            var members = new List<(string, JsonValue)>
            {
                ("event_id", JsonValue.String(id)), ("type", JsonValue.String(type)), ("sender", JsonValue.String(sender)), ("content", content),
                ("depth", JsonValue.Number(_count)), ("origin_server_ts", JsonValue.Number(1000 + _count)),
                ("prev_events", References(prev)), ("auth_events", References(auth)), ("signatures", signatures),
            };
            if (stateKey is not null) members.Add(("state_key", JsonValue.String(stateKey)));
            if (!(version.RoomIdIsCreateEventHash && type == "m.room.create")) members.Add(("room_id", JsonValue.String(_roomId)));
            return JsonValue.Object([.. members]);
        }

        private static string ServerOf(string user) => user[(user.IndexOf(':', StringComparison.Ordinal) + 1)..];

        private void Put(JsonObject e)
        {
            _written.Add(e);
            if (e["state_key"] is JsonString key) _state[Key(((JsonString)e["type"]!).Value, key.Value)] = e;
        }

        private JsonArray References(IEnumerable<string> ids) => JsonValue.Array(ids.Select(id => version.Format.ReferencesCarryHashes
            ? JsonValue.Array(JsonValue.String(id), JsonObject.Empty)
            : (JsonValue)JsonValue.String(id)));

        private static JsonObject Membership(string membership) => JsonValue.Object(("membership", JsonValue.String(membership)));

        // A user's membership in the room state, or "none".
        private string MembershipOf(string user) =>
            _state.TryGetValue(Key("m.room.member", user), out var e) && (e["content"] as JsonObject)?["membership"] is JsonString m ? m.Value : "none";

        private static string Id(JsonObject e) => ((JsonString)e["event_id"]!).Value;

        private static string Key(string type, string stateKey) => type + "|" + stateKey;

        private T Pick<T>(params T[] options) => options[Choose(options.Length)];

        private int Choose(int n)
        {
            var choice = _next < choices.Count ? choices[_next] : 0;
            _next++;
            return choice % n;
        }
    }
}
