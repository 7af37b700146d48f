using System.Diagnostics;
using System.Text;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Differential;

/// <summary>
/// An adapter of the adapter protocol (spec/vectors/adapter-protocol.md) run as a child process for one
/// suite: it is started as the given command line plus the suite's name, must first write a handshake
/// line naming the suite among its suites, and then answers one line per request line. An adapter that
/// dies or does not answer in time costs the request it was given (answered here as
/// <c>{"error": {"code": "adapter.no_answer"}}</c>) and is started again for the next one.
/// </summary>
internal sealed class AdapterProcess : IDisposable
{
    private readonly string _command;
    private readonly string _suite;
    private readonly TimeSpan _timeout;
    private Process? _process;

    public AdapterProcess(string command, string suite, TimeSpan timeout)
    {
        _command = command;
        _suite = suite;
        _timeout = timeout;
    }

    /// <summary>The handshake of the last start, once started.</summary>
    public JsonObject? Handshake { get; private set; }

    /// <summary>How many times the adapter had to be started again after it failed a request.</summary>
    public int Restarts { get; private set; }

    /// <summary>Starts the adapter and reads its handshake; a problem is returned as a sentence.</summary>
    public string? Start()
    {
        Stop();
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_command + " " + _suite);
        try
        {
            _process = Process.Start(start);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "cannot start the adapter: " + e.Message;
        }
        if (_process is null) return "cannot start the adapter";
        var line = ReadLine();
        if (line is null) return "the adapter wrote no handshake line";
        var parsed = StrictJsonReader.Parse(line, JsonReadOptions.Lenient);
        if (!parsed.IsOk || parsed.Value is not JsonObject handshake) return "the adapter's first line is not a JSON object: " + line;
        if (handshake["suites"] is not JsonArray suites || !suites.Any(s => s is JsonString { } name && name.Value == _suite))
        {
            return "the adapter's handshake does not list the suite " + _suite + ": " + line;
        }
        Handshake = handshake;
        return null;
    }

    /// <summary>The adapter's answer to <paramref name="request"/> (canonical JSON on one line).</summary>
    public JsonValue Ask(string request)
    {
        if (_process is null || _process.HasExited)
        {
            Restarts++;
            if (Start() is { } problem) return NoAnswer(problem);
        }
        try
        {
            _process!.StandardInput.Write(request);
            _process.StandardInput.Write('\n');
            _process.StandardInput.Flush();
        }
        catch (IOException e)
        {
            Stop();
            return NoAnswer("the adapter stopped reading: " + e.Message);
        }
        var line = ReadLine();
        if (line is null)
        {
            Stop();
            return NoAnswer("the adapter gave no answer within " + _timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s or stopped");
        }
        var parsed = StrictJsonReader.Parse(line, JsonReadOptions.Lenient);
        return parsed.IsOk ? parsed.Value : NoAnswer("the adapter's answer is not JSON: " + line);
    }

    private string? ReadLine()
    {
        var read = _process!.StandardOutput.ReadLineAsync();
        return read.Wait(_timeout) ? read.Result : null;
    }

    private static JsonObject NoAnswer(string message) =>
        JsonValue.Object(("error", JsonValue.Object(("code", JsonValue.String("adapter.no_answer")), ("message", JsonValue.String(message)))));

    private void Stop()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(2000)) _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}
