namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// The answer of a membership handler: a value with the success <see cref="DanceRule"/> that produced
/// it, or a <see cref="MatrixError"/>. Handlers return this rather than throwing; every answer names its rule.
/// </summary>
public sealed record EndpointResult<T>
    where T : class
{
    private EndpointResult(DanceRule rule, T? value, MatrixError? error)
    {
        Rule = rule;
        Value = value;
        Error = error;
    }

    /// <summary>The rule that decided: the success rule, or the refusal's rule.</summary>
    public DanceRule Rule { get; }

    /// <summary>The value of a success; null for a refusal.</summary>
    public T? Value { get; }

    /// <summary>The refusal; null for a success.</summary>
    public MatrixError? Error { get; }

    public bool IsOk => Error is null;

    /// <summary>A success by <paramref name="rule"/>, which must not be a refusing rule.</summary>
    public static EndpointResult<T> Ok(DanceRule rule, T value) =>
        DanceRules.IsRefusal(rule)
            ? throw new InvalidOperationException($"{rule} is a refusal, not a success.")
            : new EndpointResult<T>(rule, value, null);

    /// <summary>A refusal.</summary>
    public static EndpointResult<T> Fail(MatrixError error) => new(error.Rule, null, error);

    public static implicit operator EndpointResult<T>(MatrixError error) => Fail(error);

    public override string ToString() => IsOk ? DanceRules.Token(Rule) : Error!.ToString();
}
