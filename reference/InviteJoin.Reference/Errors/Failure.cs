namespace InviteJoin.Reference.Errors;

/// <summary>
/// An expected failure, as a value: a member of one of the reference's closed error enums, the
/// JSON path (or other location) it concerns, and a human sentence. Compare <see cref="Code"/>
/// or <see cref="Token"/>, never <see cref="Message"/>.
/// </summary>
public sealed record Failure(Enum Code, string Path, string Message)
{
    /// <summary>The stable wire token of <see cref="Code"/>.</summary>
    public string Token => WireToken.Of(Code);

    public override string ToString() => $"{Token} at {Path}: {Message}";
}

/// <summary>Either a value or a <see cref="Failure"/>; parsing and validation return this rather than throwing.</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Failure? failure)
    {
        _value = value;
        Failure = failure;
    }

    public Failure? Failure { get; }

    public bool IsOk => Failure is null;

    /// <summary>The value; reading it from a failed result is a bug in the caller.</summary>
    public T Value => IsOk ? _value! : NoValue(Failure!);

    // The throw of Value lives apart, so that the getter is small enough to be inlined where it is read.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static T NoValue(Failure failure) => throw new InvalidOperationException($"No value: {failure}");

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(Failure failure) => new(default, failure);

    public static Result<T> Fail(Enum code, string path, string message) => new(default, new Failure(code, path, message));

    public static implicit operator Result<T>(Failure failure) => Fail(failure);

    public static implicit operator Result<T>(T value) => Ok(value);

    public bool TryGet(out T value, out Failure? failure)
    {
        value = _value!;
        failure = Failure;
        return IsOk;
    }

    public Result<TOut> Then<TOut>(Func<T, Result<TOut>> next) => IsOk ? next(_value!) : Result<TOut>.Fail(Failure!);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsOk ? Result<TOut>.Ok(map(_value!)) : Result<TOut>.Fail(Failure!);
}
