using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 3 (v1–11) / 4 (v12): a room whose create event sets <c>m.federate</c> to false admits only
/// senders of the create event's sender's server (spec v1.19, rooms v1–v12 "Authorisation rules").
/// See <c>spec/rules/04-federate.md</c>.
/// </summary>
internal static class FederateRule
{
    public static AuthDecision? Check(AuthCheck c)
    {
        if (c.State.Create is not { } create) return null;
        // `federate.foreign_sender` ("Authorisation rules" 3, v1–11; 4, v12):
        // m.federate false and the sender's domain is not the create sender's domain.
        if (Closed(c, create) && !c.Event.Sender.Server.Equals(create.Sender.Server))
        {
            return AuthDecision.Reject(Rule.FederateForeignSender,
                ("sender_server", c.Event.Sender.Server.Value), ("create_sender_server", create.Sender.Server.Value));
        }
        return null;
    }

    /// <summary>
    /// Under <see cref="Divergence.FederateChecksTarget"/>, for membership events: the target's server (the
    /// state key's part after the first colon) must also be the create event's sender's server when the room
    /// does not federate.
    /// </summary>
    public static AuthDecision? CheckTarget(AuthCheck c, string target)
    {
        if (!c.Diverges(Divergence.FederateChecksTarget) || c.State.Create is not { } create) return null;
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        var targetServer = colon < 0 ? target : target[(colon + 1)..];
        if (Closed(c, create) && !string.Equals(targetServer, create.Sender.Server.Value, StringComparison.Ordinal))
        {
            return AuthDecision.Reject(Rule.FederateForeignSender, ("target_server", targetServer), ("create_sender_server", create.Sender.Server.Value));
        }
        return null;
    }

    // The room does not federate: m.federate is false; under synapse.federate_only_true, m.federate is present and not true.
    private static bool Closed(AuthCheck c, Pdu create) =>
        c.Diverges(Divergence.FederateOnlyTrue)
            ? create.Content.TryGetValue("m.federate", out var value) && value is not JsonBool { Value: true }
            : create.Content["m.federate"] is JsonBool { Value: false };
}
