using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// I-34: in a room that uses a policy server by the current state an honest server holds when it takes an event in, the
/// server accepts the event only with a valid signature of that policy server's <c>ed25519:policy_server</c> key as the
/// state names it (the <c>m.room.policy</c> state event itself aside): what it receives over federation without one it
/// soft fails (check 7), and its own users' events and those it takes through send_* it asks the policy server to sign
/// first (spec v1.18+, server-server API "Policy Servers"). Written from the spec's text, apart from the reference's
/// <see cref="PolicyServer"/>: "using" is a valid <c>m.room.policy</c> with an empty state key whose <c>via</c> has a
/// joined user in the current state.
/// </summary>
internal sealed class PolicySignaturesHonoured : Invariant
{
    public override string Id => "I-34";

    public override string Name => "policy signatures honoured";

    public override string? AfterStep(World world, StepEffects effects)
    {
        if (!world.Config.PolicyServer) return null;
        foreach (var taken in HonestTaken(world, effects))
        {
            var held = taken.Held;
            if (held.Status != EventStatus.Accepted || held.PartialState || taken.CurrentBefore is not { } current) continue;
            if (taken.Arrival is not (Arrival.Transaction or Arrival.Local or Arrival.Handshake)) continue;
            var pdu = held.Pdu;
            if (pdu.Type == EventTypes.Policy && pdu.StateKey == "") continue;
            if (InUse(current) is not { } policy) continue;
            if (world.SignedByPolicyKey(pdu, policy.Via, policy.Key)) continue;
            var how = taken.Arrival switch
            {
                Arrival.Transaction => "received from " + Cast.Server(taken.From),
                Arrival.Local => "sent by its own user",
                _ => "taken through send_* from " + Cast.Server(taken.From),
            };
            return On(taken) + $", {how} while its current state named {policy.Via} the room's policy server, without a valid signature of the policy key the state names";
        }
        return null;
    }

    // The policy server the current state names, if the room uses it: a valid m.room.policy with an empty state key (a string
    // via, an object public_keys with a string ed25519) and a joined user of via.
    private static (string Via, string Key)? InUse(AuthState current)
    {
        if (current.Get(EventTypes.Policy, "") is not { } policy
            || policy.Content["via"] is not JsonString via
            || policy.Content["public_keys"] is not JsonObject keys
            || keys["ed25519"] is not JsonString key)
        {
            return null;
        }
        var joined = current.Events.Values.Any(e => e.Type == EventTypes.Member && e.Membership == MembershipValues.Join && e.StateKey is { } user
            && user.EndsWith(":" + via.Value, StringComparison.Ordinal));
        return joined ? (via.Value, key.Value) : null;
    }

    /// <summary>True when <paramref name="pdu"/> carries a signature by <paramref name="via"/> under <c>ed25519:policy_server</c> that verifies with <paramref name="key"/> (unpadded base64, either alphabet).</summary>
    internal static bool Verify(Pdu pdu, string via, string key)
    {
        foreach (var alphabet in (ReadOnlySpan<Base64Alphabet>)[Base64Alphabet.Standard, Base64Alphabet.UrlSafe])
        {
            var decoded = UnpaddedBase64.Decode(key, alphabet, Base64Strictness.Lenient);
            if (!decoded.IsOk || decoded.Value.Length != Ed25519.PublicKeyLength) continue;
            var keys = ImmutableSortedDictionary.Create<string, byte[]>(StringComparer.Ordinal).Add(PolicyServer.KeyId, decoded.Value);
            return pdu.Json["signatures"] is JsonObject signatures && signatures[via] is JsonObject bySigner && bySigner.ContainsKey(PolicyServer.KeyId)
                && EventSigning.VerifySignature(pdu.Json, pdu.Format, via, keys).IsValid;
        }
        return false;
    }
}
