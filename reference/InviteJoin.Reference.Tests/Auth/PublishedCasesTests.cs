namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Runs every published case of the kit's TestData/auth through the command-line <c>auth</c> contract:
/// parse the PDUs as test input, then <see cref="EventAuthorizer.AuthorizeAgainstAuthEvents"/>. The
/// verdict must match, and so must the rule token when the case names one.
/// </summary>
/// <remarks>
/// Cases marked <c>malformed</c> are not valid events of their room version, so the format check on
/// receipt drops them before the auth rules run: the PDU parser must refuse them. The auth rules do not
/// re-check event format; the parser includes the event-type schema facts the protocol relies on
/// (spec v1.19: <c>m.room.create</c>'s <c>state_key</c> is the empty string; <c>m.room.redaction</c>
/// names an event ID in <c>redacts</c>). Cases marked <c>needs_signature</c> rely on the default signature oracle, which trusts
/// that signatures were verified on receipt.
/// </remarks>
public sealed class PublishedCasesTests
{
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in PublishedData.AuthCases.Keys) data.Add(id);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void PublishedCase_MatchesExpectedVerdictAndRule(string id)
    {
        var testCase = PublishedData.AuthCases[id];

        var parsed = testCase.Event;
        if (testCase.Malformed)
        {
            Assert.False(parsed.IsOk, $"{id}: the case is malformed but the PDU parser accepts it");
            return;
        }
        Assert.True(parsed.IsOk, $"{id}: the event does not parse ({parsed.Failure}) but the case is not marked malformed");

        var decision = EventAuthorizer.AuthorizeAgainstAuthEvents(parsed.Value, testCase.AuthEvents, testCase.Version, testCase.Context);

        // The verdict, and the rule the case names; where it names none (the spec's text is silent), one of our
        // documented choices (spec/rules, PublishedAuthCase.OpenPointRules).
        var mismatch = testCase.Mismatch(decision.Allowed, decision.Token);
        Assert.True(mismatch is null, $"{id}: {mismatch}, got {decision}");
    }
}
