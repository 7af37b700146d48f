using InviteJoin.Reference.Json;

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
        if (create.Content["m.federate"] is JsonBool { Value: false }
            && !c.Event.Sender.Server.Equals(create.Sender.Server))
        {
            return AuthDecision.Reject(Rule.FederateForeignSender,
                ("sender_server", c.Event.Sender.Server.Value), ("create_sender_server", create.Sender.Server.Value));
        }
        return null;
    }
}
