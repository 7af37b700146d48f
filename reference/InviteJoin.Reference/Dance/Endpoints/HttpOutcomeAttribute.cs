using System.Collections.Immutable;
using System.Reflection;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// The HTTP status and, for a refusal, the Matrix error code that a <see cref="DanceRule"/> answers
/// with. Kept on the enum member next to its wire token so that the token, the status and the
/// errcode can never drift apart, and so the catalogue in <c>spec/dance.md</c> can be checked against it.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class HttpOutcomeAttribute : Attribute
{
    /// <summary>A success (or a verdict that is not an HTTP error, such as a PDU's fate inside a transaction).</summary>
    public HttpOutcomeAttribute(int status)
    {
        Status = status;
    }

    /// <summary>A refusal with <paramref name="status"/> and <paramref name="code"/>.</summary>
    public HttpOutcomeAttribute(int status, MatrixErrorCode code)
    {
        Status = status;
        Code = code;
        IsRefusal = true;
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The errcode of a refusal; meaningless when <see cref="IsRefusal"/> is false.</summary>
    public MatrixErrorCode Code { get; }

    /// <summary>True when the rule refuses the request.</summary>
    public bool IsRefusal { get; }
}

/// <summary>Reads the wire token, status and errcode of <see cref="DanceRule"/> members.</summary>
public static class DanceRules
{
    /// <summary>The stable wire token of <paramref name="rule"/>, such as <c>send_join.accepted</c>.</summary>
    public static string Token(DanceRule rule) => WireToken.Of(rule);

    /// <summary>The HTTP status <paramref name="rule"/> answers with.</summary>
    public static int Status(DanceRule rule) => Outcome(rule).Status;

    /// <summary>True when <paramref name="rule"/> refuses the request (it then has an errcode).</summary>
    public static bool IsRefusal(DanceRule rule) => Outcome(rule).IsRefusal;

    /// <summary>The errcode of a refusing <paramref name="rule"/>; asking for a success rule's errcode is a bug.</summary>
    public static MatrixErrorCode ErrCode(DanceRule rule)
    {
        var outcome = Outcome(rule);
        return outcome.IsRefusal ? outcome.Code : throw new InvalidOperationException($"{rule} is not a refusal and has no errcode.");
    }

    // Every member's attribute, read once by reflection into an immutable table indexed by the member's value
    // (the members are numbered from 0 without gaps): handlers ask for outcomes on every answer.
    private static readonly ImmutableArray<HttpOutcomeAttribute> Outcomes = ReadOutcomes();

    /// <summary>The attribute of <paramref name="rule"/>; a value that is no member is a bug.</summary>
    private static HttpOutcomeAttribute Outcome(DanceRule rule)
    {
        var index = (int)rule;
        return (uint)index < (uint)Outcomes.Length ? Outcomes[index] : throw new InvalidOperationException($"DanceRule has no member with value {rule:D}.");
    }

    private static ImmutableArray<HttpOutcomeAttribute> ReadOutcomes()
    {
        var members = Enum.GetValues<DanceRule>();
        var table = new HttpOutcomeAttribute[members.Length];
        foreach (var member in members)
        {
            var name = Enum.GetName(member)!;
            if ((int)member != Array.IndexOf(members, member)) throw new InvalidOperationException($"DanceRule.{name} is not numbered in order.");
            table[(int)member] = typeof(DanceRule).GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetCustomAttribute<HttpOutcomeAttribute>()
                ?? throw new InvalidOperationException($"DanceRule.{name} has no [HttpOutcome].");
        }
        return ImmutableArray.Create(table);
    }
}
