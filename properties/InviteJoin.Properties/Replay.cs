using System.Text.RegularExpressions;
using CsCheck;

namespace InviteJoin.Properties;

/// <summary>
/// Runs a CsCheck property and turns its failure into one message: CsCheck's report (the seed and the
/// shrunk case), why the case failed, and the one-line command that replays it, so that every failing
/// property can be rerun exactly.
/// </summary>
internal static partial class Replay
{
    /// <summary>
    /// Runs <paramref name="run"/>, the CsCheck sampling of test <paramref name="testName"/>;
    /// <paramref name="setting"/> names the theory row that failed (for example "room version 12"), when there is one.
    /// </summary>
    public static void Run(string testName, Action run, string? setting = null)
    {
        try
        {
            run();
        }
        catch (CsCheckException e)
        {
            var seed = SeedPattern().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : "<seed from the message above>";
            var replay = setting is null ? "Replay" : "Replay (" + setting + ")";
            Assert.Fail($"{e.Message}\nWhy: {e.InnerException?.Message}\n" +
                $"{replay}: CsCheck_Seed={seed} dotnet test --project properties/InviteJoin.Properties -- --filter-method \"*{testName}*\"");
        }
    }

    // CsCheck's failure message says: Set seed: "<seed>" or -e CsCheck_Seed=<seed> ...
    [GeneratedRegex("Set seed: \"([^\"]+)\"")]
    private static partial Regex SeedPattern();
}
