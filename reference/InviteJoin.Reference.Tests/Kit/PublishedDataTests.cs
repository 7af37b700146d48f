namespace InviteJoin.Reference.Tests.Kit;

/// <summary>
/// The kit's one loader and comparer of other implementations' published cases: every case loads, with the request
/// line the command line gets, and the comparers report what differs (so a test that uses them can fail).
/// </summary>
public sealed class PublishedDataTests
{
    [Fact]
    public void EveryAuthCase_LoadsWithARequestLineHoldingItsEvent()
    {
        Assert.True(PublishedData.AuthCases.Count > 300, $"only {PublishedData.AuthCases.Count} published auth cases were found");
        Assert.All(PublishedData.AuthCases.Values, c =>
        {
            Assert.DoesNotContain('\n', c.Request);
            var request = (JsonObject)StrictJsonReader.Parse(c.Request, JsonReadOptions.Lenient).Value;
            Assert.Equal(CanonicalJson.EncodeToString(c.Json["event"]!), CanonicalJson.EncodeToString(request["event"]!));
            Assert.Equal(c.Version.Id, ((JsonString)request["room_version"]!).Value);
        });
    }

    [Fact]
    public void EveryScenario_Loads_AndOnlyResolveScenariosHaveARequestLine()
    {
        Assert.Equal(42, PublishedData.Scenarios.Count);
        Assert.All(PublishedData.Scenarios.Values, s =>
        {
            Assert.Equal(s.IsResolve, s.ResolveRequest is not null);
            Assert.Equal(s.IsResolve, s.Checks.IsEmpty);
        });
    }

    [Fact]
    public void AuthCaseMismatch_NamesAWrongVerdictOrRule_AndAcceptsTheExpectedOne()
    {
        var named = PublishedData.AuthCases.Values.First(c => c.Rule is not null && !c.Malformed);

        Assert.Null(named.Mismatch(named.Allowed, named.Rule!));
        Assert.NotNull(named.Mismatch(!named.Allowed, named.Rule!));
        Assert.NotNull(named.Mismatch(named.Allowed, "event.allowed.elsewhere"));
    }

    [Fact]
    public void AuthCaseMismatch_WithoutARule_AcceptsOnlyTheOpenPointRules()
    {
        var open = PublishedData.AuthCases.Values.First(c => c.Rule is null && !c.Malformed);

        Assert.All(PublishedAuthCase.OpenPointRules, rule => Assert.Null(open.Mismatch(open.Allowed, WireToken.Of(rule))));
        Assert.NotNull(open.Mismatch(open.Allowed, WireToken.Of(Rule.EventAllowed)));
        Assert.NotNull(open.Mismatch(!open.Allowed, WireToken.Of(PublishedAuthCase.OpenPointRules[0])));
    }

    [Fact]
    public void ExpectedStateMismatch_CompleteStateMustBeExactlyTheEntries()
    {
        var a = new StateEntry("m.room.create", "", "$create");
        var b = new StateEntry("m.room.member", TestUsers.Alice, "$join");
        var complete = new ExpectedState([a, b], Complete: true);

        Assert.Null(complete.Mismatch([a, b]));
        Assert.NotNull(complete.Mismatch([a]));
        Assert.NotNull(complete.Mismatch([a, b, new StateEntry("m.room.topic", "", "$topic")]));
        Assert.NotNull(complete.Mismatch([a, b with { EventId = "$other" }]));
    }

    [Fact]
    public void ExpectedStateMismatch_PartialStateComparesOnlyTheListedKeys()
    {
        var a = new StateEntry("m.room.create", "", "$create");
        var b = new StateEntry("m.room.member", TestUsers.Alice, "$join");
        var partial = new ExpectedState([b], Complete: false);

        Assert.Null(partial.Mismatch([a, b]));
        Assert.NotNull(partial.Mismatch([a]));
        Assert.NotNull(partial.Mismatch([a, b with { EventId = "$other" }]));
    }
}
