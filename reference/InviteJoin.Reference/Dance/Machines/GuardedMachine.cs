using System.Collections.Immutable;
using Stateless;
using Stateless.Reflection;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>
/// A Stateless state machine of the protocol whose transitions carry named guards, asked rather than
/// caught: <see cref="CanFire"/> says whether a trigger is permitted, <see cref="UnmetGuards"/> says
/// why not. Stateless machines are mutable, so an instance answers one question (it is built at the
/// state the question starts from and never shared); the configuration is the diagram in spec/machines.
/// </summary>
/// <remarks>
/// Stateless refuses to choose between two permitted transitions of one trigger (it throws), so the
/// guards of one trigger in one state are written to exclude each other; a throw from here is a bug in
/// a machine's configuration, which the tests enumerate.
/// </remarks>
public abstract class GuardedMachine<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly StateMachine<TState, TTrigger> _machine;

    /// <summary>A machine at <paramref name="current"/>; the derived class configures it in its constructor.</summary>
    protected GuardedMachine(TState current) => _machine = new StateMachine<TState, TTrigger>(current);

    /// <summary>The state the machine is in.</summary>
    public TState State => _machine.State;

    /// <summary>The trigger fired last, if any: the reason a handshake ended where it did.</summary>
    public TTrigger? LastTrigger { get; private set; }

    /// <summary>The triggers permitted in <see cref="State"/>, in the order the trigger enum declares them.</summary>
    public ImmutableArray<TTrigger> PermittedTriggers => [.. Enum.GetValues<TTrigger>().Where(CanFire)];

    /// <summary>The states, transitions and guard descriptions, for the diagrams.</summary>
    public StateMachineInfo Info => _machine.GetInfo();

    /// <summary>True when <paramref name="trigger"/> has a transition from <see cref="State"/> whose guards all hold.</summary>
    public virtual bool CanFire(TTrigger trigger) => _machine.CanFire(trigger);

    /// <summary>
    /// Why <paramref name="trigger"/> cannot fire: the descriptions of the guards that do not hold (in
    /// ordinal order), or a sentence saying that no transition exists; empty when it can fire.
    /// </summary>
    public virtual ImmutableArray<string> UnmetGuards(TTrigger trigger)
    {
        if (_machine.CanFire(trigger, out var unmet)) return [];
        if (unmet is null || unmet.Count == 0) return ["no " + trigger.ToString() + " transition from " + State.ToString()];
        return [.. unmet.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Takes the transition of <paramref name="trigger"/> and returns the new state. Callers ask
    /// <see cref="CanFire"/> first: firing a trigger that is not permitted is a bug in the caller.
    /// </summary>
    public TState Fire(TTrigger trigger)
    {
        if (!CanFire(trigger))
        {
            throw new InvalidOperationException(GetType().Name + " cannot fire " + trigger.ToString() + " from " + State.ToString() + ": " + string.Join("; ", UnmetGuards(trigger)));
        }
        _machine.Fire(trigger);
        LastTrigger = trigger;
        return State;
    }

    /// <summary>The configuration of <paramref name="state"/>; derived classes configure every state in their constructor.</summary>
    protected StateMachine<TState, TTrigger>.StateConfiguration In(TState state) => _machine.Configure(state);

    /// <summary>A guard: a condition and the words the diagram shows for it.</summary>
    protected static Tuple<Func<bool>, string> When(Func<bool> condition, string description) => Tuple.Create(condition, description);

    /// <summary>The guard that holds exactly when one of <paramref name="checks"/> does not: the failure edge of a set of checks.</summary>
    protected static Tuple<Func<bool>, string> Otherwise(string description, params Tuple<Func<bool>, string>[] checks) =>
        Tuple.Create<Func<bool>, string>(() => !checks.All(check => check.Item1()), description);
}
