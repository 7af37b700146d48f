using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// Asks the room's policy server to sign <paramref name="pdu"/> (<c>POST /_matrix/policy/v1/sign</c>, spec v1.18+,
/// room_policy.yaml): the answer's signatures (<c>{via: {"ed25519:policy_server": …}}</c>,
/// <see cref="Auth.PolicyServer.Sign"/> on the policy server's side), or null when it refuses or cannot be reached. The
/// network call is the caller's; the handlers only ask when the room uses a policy server and the event lacks a valid signature.
/// </summary>
public delegate JsonObject? PolicySigner(JsonObject pdu);
