using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 6 (v1–5) / 5 (v6–11) / 6 (v12): apart from the events decided above, only joined members send
/// events (spec v1.19, rooms v1–v12 "Authorisation rules"). See <c>spec/rules/07-sender.md</c>.
/// </summary>
internal static class SenderRule
{
    public static AuthDecision? Check(AuthCheck c)
    {
        // `sender.not_joined` ("Authorisation rules" 6, v1–5; 5, v6–11; 6, v12): the sender's membership is join.
        if (!c.Is(c.Sender, MembershipValues.Join))
        {
            return AuthDecision.Reject(Rule.SenderNotJoined, ("membership", c.DescribeMembership(c.Sender)));
        }
        return null;
    }
}
