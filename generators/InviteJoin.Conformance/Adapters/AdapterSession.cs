using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace InviteJoin.Conformance.Adapters;

/// <summary>
/// One adapter process answering one suite: started as <c>COMMAND SUITE</c> through <c>/bin/sh</c>, it writes a
/// handshake line, then one answer line per request line. An adapter that hangs past the per-case timeout is
/// stopped; one that exits, hangs or writes a line that is not JSON costs that case and is started again for the
/// next, so a bad adapter costs cases, never the run.
/// </summary>
public sealed class AdapterSession : IDisposable
{
    private const int StderrLines = 20;
    private readonly string _command;
    private readonly string _suite;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _startTimeout;
    private readonly Queue<string> _stderr = new();
    private Process? _process;
    private Task<string?>? _pendingLine;

    /// <param name="command">The adapter's command line; the suite's name is appended as one more word.</param>
    /// <param name="suite">The suite this process answers.</param>
    /// <param name="timeout">How long one answer may take.</param>
    /// <param name="startTimeout">How long the handshake may take (adapters that load a large implementation start slowly).</param>
    public AdapterSession(string command, string suite, TimeSpan timeout, TimeSpan startTimeout)
    {
        _command = command;
        _suite = suite;
        _timeout = timeout;
        _startTimeout = startTimeout;
    }

    /// <summary>The handshake of the last start.</summary>
    public AdapterHandshake? Handshake { get; private set; }

    /// <summary>How many times the adapter was started again after it failed a case.</summary>
    public int Restarts { get; private set; }

    /// <summary>The last lines the adapter wrote to stderr, for people reading why it failed.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderr) return string.Join("\n", _stderr);
        }
    }

    /// <summary>Starts the adapter and reads its handshake; returns null, or why it could not start.</summary>
    public string? Start()
    {
        Stop(kill: true);
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_command + " " + _suite);
        try
        {
            _process = Process.Start(start);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return "cannot start the adapter: " + e.Message;
        }
        if (_process is null) return "cannot start the adapter";
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr)
            {
                _stderr.Enqueue(e.Data);
                while (_stderr.Count > StderrLines) _stderr.Dequeue();
            }
        };
        _process.BeginErrorReadLine();
        var (line, timedOut) = ReadLine(_startTimeout);
        if (line is null)
        {
            var why = timedOut
                ? "the adapter wrote no handshake within " + Seconds(_startTimeout)
                : "the adapter exited before its handshake" + ExitDetail();
            Stop(kill: true);
            return why;
        }
        var (handshake, problem) = AdapterHandshake.Parse(line);
        if (handshake is null)
        {
            Stop(kill: true);
            return problem;
        }
        Handshake = handshake;
        return null;
    }

    /// <summary>The adapter's reply to one request line (without its newline).</summary>
    public AdapterReply Ask(string request)
    {
        if (_process is null)
        {
            Restarts++;
            if (Start() is { } problem) return new AdapterReply(ReplyKind.NotStarted, null, problem, null);
            if (!Handshake!.Suites.Contains(_suite)) return new AdapterReply(ReplyKind.NotStarted, null, "after a restart, the adapter no longer lists the suite " + _suite, null);
        }
        try
        {
            _process!.StandardInput.Write(request);
            _process.StandardInput.Write('\n');
            _process.StandardInput.Flush();
        }
        catch (IOException e)
        {
            var detail = "the adapter stopped reading its input (" + e.Message + ")" + ExitDetail();
            Stop(kill: true);
            return new AdapterReply(ReplyKind.Exited, null, detail, null);
        }
        var (line, timedOut) = ReadLine(_timeout);
        if (line is null)
        {
            var detail = timedOut ? "no answer within " + Seconds(_timeout) + "; the adapter was stopped" : "the adapter exited without answering" + ExitDetail();
            Stop(kill: true);
            return new AdapterReply(timedOut ? ReplyKind.Timeout : ReplyKind.Exited, null, detail, null);
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            return new AdapterReply(ReplyKind.Answer, document.RootElement.Clone(), "", line);
        }
        catch (JsonException)
        {
            // Whatever else it wrote may be waiting on the pipe; a fresh process answers the next case in step.
            Stop(kill: true);
            return new AdapterReply(ReplyKind.Garbage, null, "the answer is not JSON: " + AdapterHandshake.Clip(line), line);
        }
    }

    private (string? Line, bool TimedOut) ReadLine(TimeSpan timeout)
    {
        _pendingLine ??= _process!.StandardOutput.ReadLineAsync();
        bool completed;
        try
        {
            completed = _pendingLine.Wait(timeout);
        }
        catch (AggregateException)
        {
            _pendingLine = null;
            return (null, false);
        }
        if (!completed) return (null, true);
        var line = _pendingLine.Result;
        _pendingLine = null;
        return (line, false);
    }

    private string ExitDetail()
    {
        try
        {
            // Its output closes a moment before the process is reaped.
            if (_process is { } p && p.WaitForExit(1000))
            {
                var tail = StderrTail;
                return " (exit code " + p.ExitCode.ToString(CultureInfo.InvariantCulture) + ")" + (tail.Length > 0 ? "; its stderr ends: " + AdapterHandshake.Clip(tail) : "");
            }
        }
        catch (InvalidOperationException)
        {
            // No process to ask.
        }
        return "";
    }

    private void Stop(bool kill)
    {
        _pendingLine = null;
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                if (!kill)
                {
                    _process.StandardInput.Close();
                    if (_process.WaitForExit(2000)) return;
                }
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(2000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Win32Exception)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            _process = null;
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>Closes the adapter's input (so it exits as the protocol asks), then stops it if it does not.</summary>
    public void Dispose() => Stop(kill: false);
}
