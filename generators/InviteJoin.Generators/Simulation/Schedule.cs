using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Simulation;

/// <summary>How events are signed in a run: real Ed25519, or a symbolic tag that only its signer can make.</summary>
public enum SignatureMode
{
    /// <summary>A hash of the signer's key and the signed bytes: unforgeable by every modelled server, and much cheaper.</summary>
    Symbolic,

    /// <summary>Ed25519, as the spec defines.</summary>
    Real,
}

/// <summary>
/// The fixed part of one simulated run: how many servers, which are Byzantine and with which strategy, which run
/// a planted fault, the main room's version and join rule, and the model's switches.
/// </summary>
public sealed record SimConfig
{
    public required int Servers { get; init; }

    public required RoomVersion Version { get; init; }

    /// <summary>The main room's join rule at creation, one the room version has.</summary>
    public required string JoinRule { get; init; }

    /// <summary>The strategy of each Byzantine server by index; servers not listed are honest. Server 0 (the room's creator) is always honest.</summary>
    public ImmutableSortedDictionary<int, Adversary> Byzantine { get; init; } = ImmutableSortedDictionary<int, Adversary>.Empty;

    /// <summary>The planted fault the servers in <see cref="Faulty"/> run; null for the reference everywhere.</summary>
    public string? Fault { get; init; }

    /// <summary>The honest servers that run <see cref="Fault"/>.</summary>
    public ImmutableSortedSet<int> Faulty { get; init; } = [];

    /// <summary>Strict invite mode: an invite entitles a join only when the invitee's server countersigned it.</summary>
    public bool StrictInvites { get; init; }

    public SignatureMode Signatures { get; init; } = SignatureMode.Symbolic;

    /// <summary>A user outside a room whom a step asks for what only a member can do (send, invite, kick, change the power levels, …) tries to join it instead.</summary>
    public bool EagerUsers { get; init; }

    /// <summary>The rooms start with the first user of every server at power level 100, not the creator alone: more users may change power levels and join rules, so histories fork over power events.</summary>
    public bool SharedPower { get; init; }

    /// <summary>
    /// The main room names the creator's server as its policy server (an <c>m.room.policy</c> state event sent after the
    /// join rule; spec v1.18+, server-server API "Policy Servers"): every server asks it to sign each event before sending.
    /// </summary>
    public bool PolicyServer { get; init; }

    /// <summary>The behaviour profile of each server by index (spec/divergences.md); servers not listed decide as the spec says.</summary>
    public ImmutableSortedDictionary<int, string> Profiles { get; init; } = ImmutableSortedDictionary<int, string>.Empty;

    /// <summary>The name of the behaviour profile server <paramref name="index"/> decides under.</summary>
    public string ProfileOf(int index) => Profiles.TryGetValue(index, out var name) ? name : "spec";

    /// <summary>True when server <paramref name="index"/> follows a Byzantine strategy.</summary>
    public bool IsByzantine(int index) => Byzantine.ContainsKey(index);

    /// <summary>True when server <paramref name="index"/> runs the reference (not Byzantine, no planted fault).</summary>
    public bool IsReference(int index) => !IsByzantine(index) && !Faulty.Contains(index);

    // The join rules of each room version, by version ID: asked for on every decoded user action.
    private static readonly ImmutableSortedDictionary<string, ImmutableArray<string>> RulesByVersion =
        RoomVersionRegistry.All.ToImmutableSortedDictionary(v => v.Id, MakeJoinRules, StringComparer.Ordinal);

    /// <summary>The join rules a room of <paramref name="version"/> can have, in a fixed order.</summary>
    public static ImmutableArray<string> JoinRulesOf(RoomVersion version) =>
        RulesByVersion.TryGetValue(version.Id, out var rules) && ReferenceEquals(RoomVersionRegistry.Lookup(version.Id).Value, version) ? rules : MakeJoinRules(version);

    private static ImmutableArray<string> MakeJoinRules(RoomVersion version)
    {
        var rules = ImmutableArray.CreateBuilder<string>();
        rules.Add(JoinRuleValues.Public);
        rules.Add(JoinRuleValues.Invite);
        if (version.Knocking) rules.Add(JoinRuleValues.Knock);
        if (version.RestrictedJoins) rules.Add(JoinRuleValues.Restricted);
        if (version.KnockRestricted) rules.Add(JoinRuleValues.KnockRestricted);
        return rules.ToImmutable();
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Servers} servers, room version {Version.Id}, join rule {JoinRule}, {SignatureModes.Name(Signatures)} signatures");
        foreach (var (server, adversary) in Byzantine) text.Append(CultureInfo.InvariantCulture, $", {Cast.Server(server)} byzantine ({Adversaries.Name(adversary)})");
        if (Fault is not null) text.Append(CultureInfo.InvariantCulture, $", fault {Fault} on {string.Join(" ", Faulty.Select(Cast.Server))}");
        if (StrictInvites) text.Append(", strict invites");
        if (SharedPower) text.Append(", every server's first user at power 100");
        if (EagerUsers) text.Append(", eager users");
        if (PolicyServer) text.Append(CultureInfo.InvariantCulture, $", policy server {Cast.Server(0)}");

        foreach (var (server, profile) in Profiles.Where(p => p.Value != "spec")) text.Append(CultureInfo.InvariantCulture, $", {Cast.Server(server)} decides as {profile}");
        return text.ToString();
    }
}

/// <summary>Names of signature modes as the command line writes them.</summary>
public static class SignatureModes
{
    public static string Name(SignatureMode mode) => mode == SignatureMode.Real ? "real" : "symbolic";
}

/// <summary>
/// One step of a schedule as four small numbers, read against the world when the step runs ("the A-th message
/// in flight", "user B of server A does action C"): any numbers make a valid step, so shrinking may delete steps
/// and lower numbers freely; a step that finds nothing to do does nothing. <see cref="Omit"/> is never generated:
/// shrinking sets it to leave out parts of a step that makes several events (one branch event of a fork), or the
/// whole step (<see cref="Pass"/>) while its time still passes, so that the events after it keep their timestamps.
/// </summary>
public readonly record struct StepChoice(int Kind, int A, int B, int C, int Omit = 0)
{
    /// <summary>The <see cref="Omit"/> of a step left out whole: it does nothing, and the clock advances as for any step.</summary>
    public const int Pass = -1;

    /// <summary>True when the step is left out whole.</summary>
    public bool IsPass => Omit == Pass;

    /// <summary>True when part <paramref name="part"/> of the step is left out (parts from 31 on never are).</summary>
    public bool Omits(int part) => IsPass || (part < 31 && (Omit & (1 << part)) != 0);

    /// <summary><c>kind.a.b.c</c>, and <c>.omit</c> when shrinking left something out.</summary>
    public override string ToString() => Omit == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Kind}.{A}.{B}.{C}")
        : string.Create(CultureInfo.InvariantCulture, $"{Kind}.{A}.{B}.{C}.{Omit}");
}

/// <summary>A run: its configuration and its steps.</summary>
public sealed record Schedule(SimConfig Config, ImmutableArray<StepChoice> Steps)
{
    /// <summary>The number of steps.</summary>
    public int Length => Steps.Length;

    /// <summary>How many steps shrinking left out whole while their time passes (<see cref="StepChoice.Pass"/>).</summary>
    public int Passes => Steps.Count(s => s.IsPass);

    /// <summary>"N steps", saying how many of them are passes when there are any.</summary>
    public string StepsText => Passes == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Length} steps")
        : string.Create(CultureInfo.InvariantCulture, $"{Length} steps, {Passes} of them left out while their time passes");
}
