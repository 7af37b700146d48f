using System.Collections.Immutable;
using System.Text;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The answer of the authorisation rules for one event: the verdict, the <see cref="Rule"/> that
/// decided it, and the facts it was decided on (levels, memberships, join rule, IDs) as data.
/// Made only by <see cref="Allow"/> and <see cref="Reject"/>, which refuse a rule of the other verdict,
/// and, under a behaviour profile, by <see cref="Raise"/>: the profiled implementation raises while
/// applying <see cref="Rule"/>, naming the exception's kind and the switch that says so.
/// </summary>
public sealed record AuthDecision
{
    private static readonly ImmutableSortedDictionary<string, string> NoEvidence =
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal, StringComparer.Ordinal);

    // The evidence as the rule gave it (later entries win over earlier ones with their key), made into its map only when
    // asked for, once: state resolution's checks read only the verdict. The decision is immutable, so a reader racing
    // another builds an equal map, and a reference write is atomic.
    private readonly (string Key, string Value)[] _given;
    private ImmutableSortedDictionary<string, string>? _evidence;

    private AuthDecision(AuthVerdict verdict, Rule rule, ReadOnlySpan<(string Key, string Value)> evidence,
        ImplementationException? raised = null, Divergence? divergence = null)
    {
        Verdict = verdict;
        Rule = rule;
        _given = evidence.IsEmpty ? [] : evidence.ToArray();
        if (evidence.IsEmpty) _evidence = NoEvidence;
        Raised = raised;
        Divergence = divergence;
    }

    public AuthVerdict Verdict { get; }

    /// <summary>True when the event is allowed.</summary>
    public bool Allowed => Verdict == AuthVerdict.Allow;

    /// <summary>The rule whose branch decided.</summary>
    public Rule Rule { get; }

    /// <summary>The stable wire token of <see cref="Rule"/>.</summary>
    public string Token => WireToken.Of(Rule);

    /// <summary>With <see cref="AuthVerdict.Raise"/>: the kind of exception the profiled implementation raises.</summary>
    public ImplementationException? Raised { get; }

    /// <summary>With <see cref="AuthVerdict.Raise"/>: the switch under which it raises.</summary>
    public Divergence? Divergence { get; }

    /// <summary>The facts the decision rests on, by name (for example <c>sender_level</c>, <c>required_level</c>).</summary>
    public ImmutableSortedDictionary<string, string> Evidence => _evidence ??= ToMap(_given);

    /// <summary>The human sentence of <see cref="Rule"/>; for people, never for comparison.</summary>
    public string Reason => RuleText.SentenceOf(Rule);

    /// <summary>An allow decision by <paramref name="rule"/>, which must be one of the allowing rules.</summary>
    public static AuthDecision Allow(Rule rule, params ReadOnlySpan<(string Key, string Value)> evidence) =>
        Make(AuthVerdict.Allow, rule, evidence);

    /// <summary>A reject decision by <paramref name="rule"/>, which must be one of the rejecting rules.</summary>
    public static AuthDecision Reject(Rule rule, params ReadOnlySpan<(string Key, string Value)> evidence) =>
        Make(AuthVerdict.Reject, rule, evidence);

    /// <summary>
    /// The profiled implementation raises <paramref name="raised"/> (under <paramref name="divergence"/>) where
    /// the spec would apply <paramref name="rule"/>: neither an allow nor a reject.
    /// </summary>
    public static AuthDecision Raise(Rule rule, ImplementationException raised, Divergence divergence, params ReadOnlySpan<(string Key, string Value)> evidence) =>
        new(AuthVerdict.Raise, rule, evidence, raised, divergence);

    public bool Equals(AuthDecision? other) =>
        other is not null && Verdict == other.Verdict && Rule == other.Rule && Evidence.SequenceEqual(other.Evidence)
        && Raised == other.Raised && Divergence == other.Divergence;

    public override int GetHashCode() => HashCode.Combine(Verdict, Rule, Evidence.Count);

    /// <summary>The token, the reason and the evidence on one line.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Verdict == AuthVerdict.Raise)
        {
            text.Append("raise ").Append(WireToken.Of(Raised!.Value)).Append(" (").Append(WireToken.Of(Divergence!.Value)).Append(") at ");
        }
        else
        {
            text.Append(Verdict == AuthVerdict.Allow ? "allow " : "reject ");
        }
        text.Append(Token).Append(": ").Append(Reason);
        if (Evidence.Count > 0)
        {
            text.Append(" (");
            var first = true;
            foreach (var (key, value) in Evidence)
            {
                if (!first) text.Append(", ");
                text.Append(key).Append('=').Append(value);
                first = false;
            }
            text.Append(')');
        }
        return text.ToString();
    }

    private static AuthDecision Make(AuthVerdict verdict, Rule rule, ReadOnlySpan<(string Key, string Value)> evidence)
    {
        // A rule of the other verdict here is a bug in a rule file, not an input problem.
        if (RuleText.VerdictOf(rule) != verdict)
        {
            throw new InvalidOperationException("Rule " + rule.ToString() + " cannot " + (verdict == AuthVerdict.Allow ? "allow" : "reject") + ".");
        }
        return new AuthDecision(verdict, rule, evidence);
    }

    private static ImmutableSortedDictionary<string, string> ToMap((string Key, string Value)[] given)
    {
        var builder = NoEvidence.ToBuilder();
        foreach (var (key, value) in given) builder[key] = value;
        return builder.ToImmutable();
    }
}
