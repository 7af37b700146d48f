using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Kicking and banning are one shape in the rules (spec v1.19, rooms v1–v12 "Authorisation rules", the
/// <c>leave</c> and <c>ban</c> memberships): "if the sender's power level is greater than or equal to the
/// kick (ban) level, and the target user's power level is less than the sender's power level, allow";
/// otherwise reject. The kick and ban tests state their cases through this one helper, and check the three
/// levels the decision carries as evidence.
/// </summary>
internal static class PowerOverTarget
{
    /// <summary>The kick and ban levels when the power levels do not set them.</summary>
    public const long DefaultLevel = 50;

    /// <summary>
    /// In a public room, Bob (joined at <paramref name="bob"/>) sets the membership of Charlie (joined at
    /// <paramref name="charlie"/>, or not listed and so at <c>users_default</c>, 0) to
    /// <paramref name="membership"/> (<c>leave</c>: a kick; <c>ban</c>); the power levels set
    /// <paramref name="level"/> (<c>kick</c> or <c>ban</c>) to <paramref name="required"/>, or leave it at
    /// its default. The decision is <paramref name="rule"/> with the sender's, the required and the target's
    /// level as evidence.
    /// </summary>
    public static void BobSetsCharlie(int version, string membership, string level, long? required, long bob, long? charlie, AuthVerdict verdict, Rule rule)
    {
        var topLevel = required is { } set ? "{\"" + level + "\": " + Text(set) + "}" : "{}";
        (string, long)[] users = charlie is { } listed ? [(TestUsers.Bob, bob), (TestUsers.Charlie, listed)] : [(TestUsers.Bob, bob)];
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(TestUsers.Bob).Join(TestUsers.Charlie).PowerLevelsWith(JsonText(topLevel), users);
        Both(room, room.Member(TestUsers.Bob, TestUsers.Charlie, membership), verdict, rule,
            [("sender_level", Text(bob)), (level + "_level", Text(required ?? DefaultLevel)), ("target_level", Text(charlie ?? 0))]);
    }

    /// <summary>A level as evidence writes it.</summary>
    public static string Text(long level) => level.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
