using Microsoft.CodeAnalysis;

namespace InviteJoin.Analyzers;

/// <summary>
/// Every diagnostic this assembly reports. All are errors by default: the reference's guarantees are
/// only worth something if a violation fails the build. Suppress a single occurrence with
/// <c>#pragma warning disable IJnnnn // why</c> or <c>[SuppressMessage]</c> with a justification.
/// </summary>
public static class Descriptors
{
    public const string Determinism = "InviteJoin.Determinism";
    public const string Purity = "InviteJoin.Purity";
    public const string Traceability = "InviteJoin.Traceability";
    public const string ErrorModel = "InviteJoin.ErrorModel";

    public static readonly DiagnosticDescriptor Clock = Create(
        DiagnosticIds.Clock, Determinism,
        "Do not read the clock",
        "'{0}' reads the clock; take the time as a parameter",
        "The reference must give the same output for the same input. Time is a parameter of the functions that need it, never read from the machine.");

    public static readonly DiagnosticDescriptor Randomness = Create(
        DiagnosticIds.Randomness, Determinism,
        "Do not use unseeded randomness",
        "'{0}' is an unseeded source of randomness; take a seed or the random bytes as a parameter",
        "Every random choice must be replayable from a seed. Unseeded generators, the shared generator and cryptographic random sources make runs irreproducible.");

    public static readonly DiagnosticDescriptor NewGuid = Create(
        DiagnosticIds.NewGuid, Determinism,
        "Do not create random GUIDs",
        "'{0}' creates a GUID from randomness or the clock; derive identifiers from inputs",
        "Identifiers in the reference are derived from their inputs (hashes, parameters), so the same input always gives the same identifier.");

    public static readonly DiagnosticDescriptor Environment = Create(
        DiagnosticIds.Environment, Determinism,
        "Do not read the environment",
        "'{0}' reads the machine's environment; take the value as a parameter",
        "Environment variables, machine and OS facts, the local time zone and process settings differ between machines, so output must not depend on them.");

    public static readonly DiagnosticDescriptor Stopwatch = Create(
        DiagnosticIds.Stopwatch, Determinism,
        "Do not measure elapsed time",
        "'{0}' measures elapsed time; timing belongs in benchmarks, not in the reference",
        "Elapsed time differs on every run; a decision that depends on it cannot be reproduced.");

    public static readonly DiagnosticDescriptor UnorderedIteration = Create(
        DiagnosticIds.UnorderedIteration, Determinism,
        "Do not iterate an unordered collection without ordering it",
        "{0} enumerates '{1}', whose order is unspecified; order it explicitly first (for example OrderBy with StringComparer.Ordinal)",
        "Hash-based collections enumerate in an order that depends on hash codes, insertion history and the runtime. When that order can reach an output it must be made explicit.");

    public static readonly DiagnosticDescriptor CultureSensitiveComparison = Create(
        DiagnosticIds.CultureSensitiveComparison, Determinism,
        "Compare strings ordinally",
        "'{0}' compares strings using culture rules; use StringComparison.Ordinal",
        "Linguistic comparison depends on the culture and the ICU version. Matrix identifiers and tokens compare by code unit or code point, never linguistically.");

    public static readonly DiagnosticDescriptor CultureSensitiveFormatting = Create(
        DiagnosticIds.CultureSensitiveFormatting, Determinism,
        "Format and parse with the invariant culture",
        "'{0}' formats or parses using the current culture; pass CultureInfo.InvariantCulture",
        "Number and date formatting, parsing and casing depend on the current culture. Output bytes must not depend on where the code runs.");

    public static readonly DiagnosticDescriptor DefaultStringOrder = Create(
        DiagnosticIds.DefaultStringOrder, Determinism,
        "Order strings with an explicit ordinal comparer",
        "'{0}' orders strings with the default comparer, which is culture-sensitive; pass StringComparer.Ordinal",
        "Comparer<string>.Default compares linguistically, so sorting strings without a comparer depends on the culture. Pass StringComparer.Ordinal, or the code-point comparer where the spec requires code-point order.");

    public static readonly DiagnosticDescriptor FileSystem = Create(
        DiagnosticIds.FileSystem, Purity,
        "Do not touch the file system",
        "'{0}' touches the file system; take the bytes or text as a parameter",
        "The reference is a pure library: callers read and write files, the reference computes on values.");

    public static readonly DiagnosticDescriptor Network = Create(
        DiagnosticIds.Network, Purity,
        "Do not use the network",
        "'{0}' uses the network; the reference computes on messages, it does not send them",
        "Network access makes results depend on other machines. Handshakes are modelled as pure functions from requests to responses.");

    public static readonly DiagnosticDescriptor Console = Create(
        DiagnosticIds.Console, Purity,
        "Do not use the console",
        "'{0}' uses the console; return values and let the command-line tool print them",
        "Console input and output are side effects; the reference returns values and the CLI renders them.");

    public static readonly DiagnosticDescriptor Threading = Create(
        DiagnosticIds.Threading, Purity,
        "Do not use threads, locks or concurrent collections",
        "'{0}' is a threading primitive; the reference is single-threaded and pure",
        "Threads, locks, atomics and concurrent collections exist to share mutable state, which the reference has none of. Concurrency is modelled by the simulator with explicit schedules.");

    public static readonly DiagnosticDescriptor Async = Create(
        DiagnosticIds.Async, Purity,
        "Do not use tasks or async",
        "'{0}' is asynchronous; the reference is synchronous and pure",
        "Tasks and async methods introduce scheduling that the reference must not depend on; nothing in a pure computation needs to wait.");

    public static readonly DiagnosticDescriptor MutableStaticState = Create(
        DiagnosticIds.MutableStaticState, Purity,
        "Do not keep mutable static state",
        "'{0}' is mutable static state; make it readonly and immutable, or pass it as a parameter",
        "Static mutable state makes a call's result depend on earlier calls. Static readonly fields of immutable types and readonly lookup arrays are allowed.");

    public static readonly DiagnosticDescriptor Process = Create(
        DiagnosticIds.Process, Purity,
        "Do not start or inspect processes",
        "'{0}' starts or inspects processes; the reference is a library of pure functions",
        "Processes and application domains are the host's business; the reference computes on values.");

    public static readonly DiagnosticDescriptor RuleTokenNotInSpec = Create(
        DiagnosticIds.RuleTokenNotInSpec, Traceability,
        "A rule token must be listed in spec/rules/catalogue.json",
        "Rule member '{0}' {1}",
        "Every member of the Rule enum carries a [WireToken] that spec/rules/catalogue.json lists as a deciding token, so every decision in the code traces to a rule in the specification.");

    public static readonly DiagnosticDescriptor SpecTokenWithoutRule = Create(
        DiagnosticIds.SpecTokenWithoutRule, Traceability,
        "A rule token in spec/rules/catalogue.json must be implemented",
        "Rule token '{0}' in {1} has no member of the Rule enum",
        "A rule in the specification that no code names is a rule nobody checks. Regenerate Rule.cs from the catalogue (dotnet run --project generators/InviteJoin.Catalogue -- --write), or remove the token.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor DecisionWithoutRule = Create(
        DiagnosticIds.DecisionWithoutRule, Traceability,
        "An authorisation decision must name its rule",
        "{0}; build decisions with AuthDecision.Allow or AuthDecision.Reject and a named Rule member",
        "Every allow and reject names the rule that decided it, so that a verdict can be traced to a row of spec/rules. Decisions are built only through the factories, with a Rule member named in the code.");

    public static readonly DiagnosticDescriptor PropertyWithoutInvariant = Create(
        DiagnosticIds.PropertyWithoutInvariant, Traceability,
        "A property must name an invariant in spec/invariants.md",
        "Property '{0}' {1}",
        "Each property test checks a named invariant (I-nn) of spec/invariants.md, so that the catalogue and the tests cannot drift apart.");

    public static readonly DiagnosticDescriptor PrivateClauseLabel = Create(
        DiagnosticIds.PrivateClauseLabel, Traceability,
        "Cite the spec and the rule token, not a private clause label",
        "Comment cites '{0}', a clause label no page of spec/ defines; cite the spec by section and version and name the rule token (for example: spec v1.19, rooms v12 \"Authorisation rules\" 5.3.5.2; `member.join.restricted.authoriser_not_joined`)",
        "Clause numbers move between room versions and private shorthands (F3.5.2, K4, rule C3) mean nothing to a reader. A comment names the section and version of the spec, with the clause number as that version numbers it, and the token whose row in spec/ carries every version's number.");

    public static readonly DiagnosticDescriptor RuleCatalogueUnreadable = Create(
        DiagnosticIds.RuleCatalogueUnreadable, Traceability,
        "The rule catalogue must be readable",
        "spec/rules/catalogue.json cannot be read: {0}",
        "The rule catalogue is the one source of the Rule enum, its sentences and the spec's tables; the traceability rules cannot check anything against a catalogue they cannot read.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor ThrowForExpectedFailure = Create(
        DiagnosticIds.ThrowForExpectedFailure, ErrorModel,
        "Return expected failures as values",
        "Throwing {0} is not allowed; return a Failure or Result for expected failures, throw UnreachableException or InvalidOperationException only for broken invariants",
        "Expected failures are values (Result and Failure with a closed enum of wire tokens). A thrown exception means the reference has a bug, so only the exceptions that say so may be thrown.");

    public static readonly DiagnosticDescriptor NonExhaustiveClosedEnumSwitch = Create(
        DiagnosticIds.NonExhaustiveClosedEnumSwitch, ErrorModel,
        "Handle every member of a closed enum",
        "Switch over '{0}' does not handle {1}; list every member, a default arm counts only when it throws UnreachableException",
        "Closed enums (memberships, join rules, outcomes, rule tokens) grow with the spec. An explicit case per member makes the compiler point at every switch that must learn a new member.");

    private static DiagnosticDescriptor Create(string id, string category, string title, string message, string description, params string[] customTags) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: description,
            helpLinkUri: string.Format(System.Globalization.CultureInfo.InvariantCulture, DiagnosticIds.HelpLinkFormat, id),
            customTags: customTags);
}
