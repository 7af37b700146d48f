using InviteJoin.Conformance.Adapters;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Differential;

/// <summary>
/// An adapter of the adapter protocol (spec/vectors/adapter-protocol.md) run as a child process for one suite, as the
/// audit runner runs it (<see cref="AdapterSession"/>): started as the given command line plus the suite's name, it
/// must first write a handshake naming the suite among its suites, then answer one line per request line. An adapter
/// that dies, hangs or writes garbage costs the request it was given (answered here as
/// <c>{"error": {"code": "adapter.no_answer"}}</c>) and is started again for the next one.
/// </summary>
internal sealed class AdapterProcess(string command, string suite, TimeSpan timeout) : IDisposable
{
    private readonly AdapterSession _session = new(command, suite, timeout, timeout);

    /// <summary>The handshake of the last start, once started.</summary>
    public JsonObject? Handshake { get; private set; }

    /// <summary>How many times the adapter had to be started again after it failed a request.</summary>
    public int Restarts => _session.Restarts;

    /// <summary>Starts the adapter and reads its handshake; a problem is returned as a sentence.</summary>
    public string? Start()
    {
        if (_session.Start() is { } problem) return problem;
        var handshake = _session.Handshake!;
        // A draft-2 adapter names the suite resolve as state_res and still answers to resolve.
        if (!handshake.Suites.Contains(suite) && !(suite == "resolve" && handshake.Suites.Contains("state_res")))
        {
            return "the adapter's handshake does not list the suite " + suite + ": " + handshake.Text;
        }
        Handshake = StrictJsonReader.Parse(handshake.Text, JsonReadOptions.Lenient).Value as JsonObject;
        return null;
    }

    /// <summary>The adapter's answer to <paramref name="request"/> (canonical JSON on one line).</summary>
    public JsonValue Ask(string request)
    {
        var reply = _session.Ask(request);
        if (reply.Kind != ReplyKind.Answer) return NoAnswer(reply.Detail);
        var parsed = StrictJsonReader.Parse(reply.Line!, JsonReadOptions.Lenient);
        return parsed.IsOk ? parsed.Value : NoAnswer("the adapter's answer is not JSON: " + reply.Line);
    }

    private static JsonObject NoAnswer(string message) =>
        JsonValue.Object(("error", JsonValue.Object(("code", JsonValue.String("adapter.no_answer")), ("message", JsonValue.String(message)))));

    public void Dispose() => _session.Dispose();
}
