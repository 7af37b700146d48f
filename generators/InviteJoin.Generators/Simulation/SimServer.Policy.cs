using System.Security.Cryptography;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;
using PolicyServers = InviteJoin.Reference.Auth.PolicyServer;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// The policy server of a room (spec v1.18+, server-server API "Policy Servers"; <see cref="SimConfig.PolicyServer"/>):
/// the creator's server names itself in the main room's <c>m.room.policy</c>, answers <c>POST /_matrix/policy/v1/sign</c>
/// for every event but spam, and every server asks it, over the simulated network, before sending an event into a room
/// that uses it. In the model, spam is an <c>m.room.message</c> whose body is <see cref="SpamBody"/>: what the policy
/// server checks is its own business (the spec leaves it open), and no honest user sends it.
/// </summary>
public sealed partial class SimServer
{
    /// <summary>The body of the one message the model's policy server refuses to sign.</summary>
    public const string SpamBody = "buy cheap signing keys";

    /// <summary>The room's creator names its own server as the room's policy server, with its policy key.</summary>
    internal void NamePolicyServer(string roomId)
    {
        var content = JsonValue.Object(
            ("via", JsonValue.String(Name)),
            ("public_keys", JsonValue.Object(("ed25519", JsonValue.String(Cast.PolicyKey(Index).PublicKeyBase64)))));
        Local(roomId, Users[0], EventTypes.Policy, "", content, null);
    }

    /// <summary>
    /// How this server asks the policy server of <paramref name="roomId"/> to sign an event: a request over the network to the
    /// server its copy's current state names, answered at once when that server can be reached; null (no signature) when it
    /// cannot, so that the event is not sent ("If the Policy Server returns an error, the event SHOULD NOT be sent"). Null
    /// in runs without a policy server.
    /// </summary>
    internal PolicySigner? Signer(string roomId, StepEffects? effects)
    {
        if (!_world.Config.PolicyServer) return null;
        return json =>
        {
            if (Room(roomId) is not { } room || PolicyServers.InUse(room.State) is not { } policy) return null;
            var server = Cast.ServerIndex(policy.Via);
            if (server < 0) return null;
            if (!_world.Reachable(Index, server))
            {
                effects?.Tell($"{Name} cannot reach the policy server {policy.Via} to have an event signed");
                return null;
            }
            return _world.Server(server).AnswerPolicySign(json, effects);
        };
    }

    /// <summary>
    /// This server answering <c>POST /_matrix/policy/v1/sign</c>: its <c>ed25519:policy_server</c> signature of
    /// <paramref name="pdu"/>, or null when it refuses (spam). Like a real policy server it needs no knowledge of the room's DAG.
    /// </summary>
    internal JsonObject? AnswerPolicySign(JsonObject pdu, StepEffects? effects)
    {
        if (IsSpam(pdu))
        {
            effects?.Tell($"{Name}, the policy server, refuses to sign spam");
            return null;
        }
        return PolicyServers.Sign(pdu, _world.Version.Format, Name, Cast.PolicyKey(Index));
    }

    /// <summary>True when <paramref name="pdu"/> is what the model's policy server refuses: a message whose body is <see cref="SpamBody"/>.</summary>
    public static bool IsSpam(JsonObject pdu) =>
        pdu["type"] is JsonString { Value: EventTypes.Message } && pdu["content"] is JsonObject content && content["body"] is JsonString { Value: SpamBody };

    // ---- P: the Byzantine strategy policy-evasion ----

    /// <summary>The words for an evasion in stories and verdicts.</summary>
    internal static string Describe(Evasion evasion, string via, string attacker) => evasion switch
    {
        Evasion.Unsigned => "with no signature of the policy server",
        Evasion.TransplantedSignature => $"with {via}'s policy signature of another event",
        Evasion.ForeignKey => $"signed as {via}'s policy server with {attacker}'s own key",
        Evasion.Impostor => $"signed by {attacker} as if it were the policy server",
        Evasion.Spam => "spam the policy server refused to sign",
        _ => $"naming {attacker} the room's policy server in {via}'s place",
    };

    /// <summary>
    /// P: in a room that uses a policy server, one step in two sends a message or (as a state event) a display name change
    /// that the policy server did not sign, or an <c>m.room.policy</c> naming itself, one <see cref="Evasion"/> at a time,
    /// to every server in the room, and takes it into its own copy — so that what it sends later, which it has signed like
    /// any server, cites it. The other steps it acts as an honest server.
    /// </summary>
    private void EvadePolicy(string user, string roomId, int choice, StepEffects effects)
    {
        var room = Room(roomId)!;
        if ((choice & 1) == 0 || PolicyServers.InUse(room.State) is not { } policy)
        {
            Act(user, roomId, choice >> 1, effects);
            return;
        }
        var evasions = Enum.GetValues<Evasion>();
        var evasion = evasions[(int)((uint)(choice >> 1) % (uint)evasions.Length)];
        var stateEvent = ((uint)(choice >> 1) / (uint)evasions.Length) % 2 == 1 && evasion != Evasion.Spam;
        var tag = _world.StepCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var usurping = JsonValue.Object(("via", JsonValue.String(Name)), ("public_keys", JsonValue.Object(("ed25519", JsonValue.String(Cast.PolicyKey(Index).PublicKeyBase64)))));
        var crafted = evasion == Evasion.Usurper ? Craft(room, user, EventTypes.Policy, "", usurping)
            : stateEvent ? Craft(room, user, EventTypes.Member, user, (room.State.Member(user)?.Content ?? Membership(MembershipValues.Join)).With("displayname", JsonValue.String("evader " + tag)))
            : Craft(room, user, EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String(evasion == Evasion.Spam ? SpamBody : "unvetted " + tag)), ("msgtype", JsonValue.String("m.text"))));
        if (crafted is null) return;
        var via = policy.Via;
        var server = Cast.ServerIndex(via);
        var format = _world.Version.Format;
        var json = crafted.Json;
        switch (evasion)
        {
            case Evasion.TransplantedSignature:
            {
                var decoy = Craft(room, user, EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String("decoy " + tag)), ("msgtype", JsonValue.String("m.text"))));
                var answer = decoy is not null && server >= 0 && _world.Reachable(Index, server) ? _world.Server(server).AnswerPolicySign(decoy.Json, effects) : null;
                var signature = answer?[via] is JsonObject keys && keys[PolicyServers.KeyId] is JsonString genuine
                    ? genuine
                    : JsonValue.String(UnpaddedBase64.Encode(SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(crafted.EventId.Value))));
                json = PolicyServers.WithSignatures(json, JsonValue.Object((via, JsonValue.Object((PolicyServers.KeyId, signature)))));
                break;
            }
            case Evasion.ForeignKey:
                json = PolicyServers.WithSignatures(json, PolicyServers.Sign(json, format, via, Cast.PolicyKey(Index)));
                break;
            case Evasion.Impostor:
                json = PolicyServers.WithSignatures(json, PolicyServers.Sign(json, format, Name, Cast.PolicyKey(Index)));
                break;
            case Evasion.Spam:
                if (server >= 0 && _world.Reachable(Index, server)) _world.Server(server).AnswerPolicySign(json, effects);
                break;
            default:
                break;
        }
        var parsed = PduParser.Parse(json, format, PduParseOptions.Federation);
        if (!parsed.IsOk) return;
        var pdu = parsed.Value;
        Resident = Resident.With(room.Accept(pdu));
        foreach (var to in room.JoinedServers().Select(Cast.ServerIndex).Where(s => s >= 0 && s != Index)) _world.Send(Index, to, pdu);
        effects.Tell($"{Short(user)} on {Name} sends {World.Describe(pdu)} {Describe(evasion, via, Name)}");
        effects.Add(new AttackMove(Index, Adversary.PolicyEvasion, Math.Max(server, 0), roomId, pdu.EventId.Value, [], null) { Evasion = evasion });
    }
}

/// <summary>How a server playing policy-evasion (P) sends an event the policy server did not sign.</summary>
public enum Evasion
{
    /// <summary>With no signature of the policy server at all.</summary>
    Unsigned,

    /// <summary>With the policy server's genuine signature of another event (a decoy it asked it to sign), or garbage when it cannot reach it.</summary>
    TransplantedSignature,

    /// <summary>Signed under the policy server's name with the attacker's own key, not the one the room's state names.</summary>
    ForeignKey,

    /// <summary>Signed with an <c>ed25519:policy_server</c> key under the attacker's own name, as if it were the policy server.</summary>
    Impostor,

    /// <summary>Spam: it asks the policy server, which refuses, and sends the event anyway.</summary>
    Spam,

    /// <summary>
    /// An <c>m.room.policy</c> state event naming the attacker the room's policy server, with its own key: exempt from the
    /// policy server's signature, so only the authorisation rules (the power to send state) stand in its way.
    /// </summary>
    Usurper,
}
