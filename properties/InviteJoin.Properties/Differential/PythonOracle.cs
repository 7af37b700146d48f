using System.Diagnostics;
using System.Text;
using System.Text.Json;
using InviteJoin.Reference.Crypto;

namespace InviteJoin.Properties.Differential;

/// <summary>
/// The Matrix team's own Python libraries (canonicaljson and signedjson, as Debian packages them for the
/// system interpreter) behind one long-lived process, used as an independent oracle for canonical JSON,
/// JSON signing and key ordering. Requests and answers are JSON lines; requests are written with our
/// <see cref="CanonicalJson"/> (valid JSON that Python's parser reads exactly, big integers included) and
/// byte-exact answers come back as base64. Every exchange is bounded by a timeout, so a hung or crashed
/// oracle fails the test that used it instead of hanging the run. Use one instance per test class.
/// </summary>
public sealed class PythonOracle : IDisposable
{
    /// <summary>The interpreter the Debian packages install into (not whatever <c>python3</c> is first on PATH).</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>How to get the oracle's libraries; part of every "oracle unavailable" failure.</summary>
    public const string InstallHint =
        "The differential tests compare against the Matrix team's Python libraries installed for the system interpreter " +
        Interpreter + ". Install them with: apt-get install -y python3-signedjson python3-canonicaljson " +
        "(the CI script .ci/run does this before running the tests).";


    // Our program, not the libraries' code: it only calls their public functions. Python's json module
    // parses our canonical JSON; canonicaljson encodes; answers are one ASCII line each (json.dumps escapes).
    internal const string Script = """
        import base64, json, sys, traceback

        def reply(obj):
            sys.stdout.write(json.dumps(obj) + "\n")
            sys.stdout.flush()

        try:
            import canonicaljson
            import signedjson.key
            import signedjson.sign
        except Exception as e:
            reply({"ready": False, "error": "%s: %s" % (type(e).__name__, e)})
            sys.exit(3)

        def b64(data):
            return base64.b64encode(data).decode("ascii")

        def key_version(key_id):
            algorithm, _, version = key_id.partition(":")
            if algorithm != "ed25519":
                raise ValueError("not an ed25519 key id: %r" % key_id)
            return version

        def handle(req):
            op = req["op"]
            if op == "canonical":
                return {"bytes": b64(canonicaljson.encode_canonical_json(req["value"]))}
            if op == "sign":
                key = signedjson.key.decode_signing_key_base64("ed25519", key_version(req["key_id"]), req["seed_b64"])
                signed = signedjson.sign.sign_json(req["value"], req["server"], key)
                return {"bytes": b64(canonicaljson.encode_canonical_json(signed))}
            if op == "verify":
                key = signedjson.key.decode_verify_key_base64("ed25519", key_version(req["key_id"]), req["public_key_b64"])
                try:
                    signedjson.sign.verify_signed_json(req["value"], req["server"], key)
                    return {"valid": True}
                except signedjson.sign.SignatureVerifyException as e:
                    return {"valid": False, "reason": str(e)}
            if op == "compare":
                a, b = req["a"], req["b"]
                first = sorted([a, b])[0]
                return {"order": 0 if a == b else (-1 if first == a else 1)}
            raise ValueError("unknown op %r" % (op,))

        reply({"ready": True, "python": sys.version.split()[0],
               "canonicaljson": getattr(canonicaljson, "__version__", "?"),
               "encoder": getattr(getattr(canonicaljson, "json", None), "__name__", "?")})

        while True:
            line = sys.stdin.buffer.readline()
            if not line:
                break
            try:
                reply(dict(ok=True, **handle(json.loads(line.decode("utf-8")))))
            except Exception:
                reply({"ok": False, "error": traceback.format_exc()})
        """;

    private readonly string _interpreter;
    private readonly IReadOnlyList<string> _arguments;
    private readonly TimeSpan _startTimeout;
    private readonly TimeSpan _exchangeTimeout;
    private readonly Lock _gate = new();
    private readonly StringBuilder _stderr = new();
    private Process? _process;
    private string? _brokenBecause;

    /// <summary>The oracle as the tests use it: our script in the system interpreter, generous timeouts.</summary>
    public PythonOracle()
        : this(Interpreter, DefaultArguments, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20))
    {
    }

    /// <summary>An oracle run by another program or with other timeouts (for testing the oracle's own failure paths).</summary>
    internal PythonOracle(string interpreter, IReadOnlyList<string> arguments, TimeSpan startTimeout, TimeSpan exchangeTimeout)
    {
        _interpreter = interpreter;
        _arguments = arguments;
        _startTimeout = startTimeout;
        _exchangeTimeout = exchangeTimeout;
    }

    /// <summary>
    /// The interpreter's arguments: <c>-I</c> isolates it from PYTHON* variables and the user's
    /// site-packages, <c>-u</c> unbuffers its pipes, <c>-c</c> runs our script.
    /// </summary>
    internal static IReadOnlyList<string> DefaultArguments => ["-I", "-u", "-c", Script];

    /// <summary>What the oracle reported about itself at start-up (Python, canonicaljson and encoder versions).</summary>
    public string Description { get; private set; } = "not started";

    /// <summary>The canonicaljson encoding of <paramref name="value"/>.</summary>
    public byte[] Canonical(JsonValue value) => Bytes(Exchange(CanonicalRequest(value))[0]);

    /// <summary>The canonical bytes of <paramref name="value"/> signed by signedjson with the key from <paramref name="seed"/>.</summary>
    public byte[] Sign(JsonObject value, string server, string keyId, byte[] seed) =>
        Bytes(Exchange(SignRequest(value, server, keyId, seed))[0]);

    /// <summary>signedjson's verdict on <paramref name="server"/>'s signature under <paramref name="keyId"/>, with its reason when it rejects.</summary>
    public (bool Valid, string? Reason) Verify(JsonObject value, string server, string keyId, byte[] publicKey) =>
        Verdict(Exchange(VerifyRequest(value, server, keyId, publicKey))[0]);

    /// <summary>The order Python's <c>sorted()</c> puts two strings in: −1 if <paramref name="a"/> first, 1 if <paramref name="b"/> first, 0 if equal.</summary>
    public int Compare(string a, string b) => Exchange(CompareRequest(a, b))[0].GetProperty("order").GetInt32();

    public static JsonObject CanonicalRequest(JsonValue value) =>
        JsonValue.Object(("op", JsonValue.String("canonical")), ("value", value));

    public static JsonObject SignRequest(JsonObject value, string server, string keyId, byte[] seed) =>
        JsonValue.Object(
            ("op", JsonValue.String("sign")), ("value", value), ("server", JsonValue.String(server)),
            ("key_id", JsonValue.String(keyId)), ("seed_b64", JsonValue.String(UnpaddedBase64.Encode(seed))));

    public static JsonObject VerifyRequest(JsonObject value, string server, string keyId, byte[] publicKey) =>
        JsonValue.Object(
            ("op", JsonValue.String("verify")), ("value", value), ("server", JsonValue.String(server)),
            ("key_id", JsonValue.String(keyId)), ("public_key_b64", JsonValue.String(UnpaddedBase64.Encode(publicKey))));

    public static JsonObject CompareRequest(string a, string b) =>
        JsonValue.Object(("op", JsonValue.String("compare")), ("a", JsonValue.String(a)), ("b", JsonValue.String(b)));

    /// <summary>The bytes in an answer to <c>canonical</c> or <c>sign</c>.</summary>
    public static byte[] Bytes(JsonElement answer) => Convert.FromBase64String(answer.GetProperty("bytes").GetString()!);

    /// <summary>The verdict in an answer to <c>verify</c>.</summary>
    public static (bool Valid, string? Reason) Verdict(JsonElement answer) =>
        (answer.GetProperty("valid").GetBoolean(), answer.TryGetProperty("reason", out var r) ? r.GetString() : null);

    /// <summary>
    /// Sends all <paramref name="requests"/> at once and reads one answer for each, in order. Throws (failing
    /// the calling test) if the oracle cannot start, answers with an error, dies, or is silent past the timeout.
    /// </summary>
    public IReadOnlyList<JsonElement> Exchange(params IReadOnlyList<JsonObject> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        lock (_gate)
        {
            var process = Started();
            var payload = new MemoryStream();
            foreach (var request in requests)
            {
                payload.Write(CanonicalJson.Encode(request));
                payload.WriteByte((byte)'\n');
            }

            // Write and read concurrently: a large batch could otherwise fill both pipes and deadlock.
            var write = Task.Run(() =>
            {
                process.StandardInput.BaseStream.Write(payload.GetBuffer(), 0, (int)payload.Length);
                process.StandardInput.BaseStream.Flush();
            });
            var read = Task.Run(() =>
            {
                var lines = new List<string>(requests.Count);
                for (var i = 0; i < requests.Count; i++)
                {
                    var line = process.StandardOutput.ReadLine();
                    if (line is null) break;
                    lines.Add(line);
                }
                return lines;
            });

            bool finished;
            try
            {
                finished = Task.WaitAll([write, read], _exchangeTimeout);
            }
            catch (AggregateException e)
            {
                throw Break($"the oracle's pipe failed ({e.InnerException?.Message}); it probably died");
            }
            if (!finished)
                throw Break($"the oracle did not answer {requests.Count} request(s) within {_exchangeTimeout.TotalSeconds:0.###} s");
            if (read.Result.Count < requests.Count)
                throw Break($"the oracle exited after {read.Result.Count} of {requests.Count} answers");

            var answers = new List<JsonElement>(requests.Count);
            for (var i = 0; i < read.Result.Count; i++)
            {
                using var document = JsonDocument.Parse(read.Result[i]);
                var answer = document.RootElement.Clone();
                if (!answer.GetProperty("ok").GetBoolean())
                {
                    throw new InvalidOperationException(
                        $"The Python oracle failed on request {i}: {CanonicalJson.EncodeToString(requests[i])}\n{answer.GetProperty("error").GetString()}");
                }
                answers.Add(answer);
            }
            return answers;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_process is null) return;
            try
            {
                if (!_process.HasExited)
                {
                    // Closing stdin ends the script's loop; kill it if it does not go quietly.
                    _process.StandardInput.Close();
                    if (!_process.WaitForExit(TimeSpan.FromSeconds(2))) _process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            catch (IOException)
            {
                // The pipe broke because the process already exited.
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
            _process = null;
        }
    }

    private Process Started()
    {
        if (_brokenBecause is not null) throw new InvalidOperationException(_brokenBecause);
        if (_process is not null) return _process;

        if (!File.Exists(_interpreter))
            throw Unavailable($"{_interpreter} does not exist");

        var start = new ProcessStartInfo(_interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in _arguments) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw Unavailable($"{_interpreter} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw Unavailable($"{_interpreter} could not be started: {e.Message}");
        }
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr)
            {
                if (_stderr.Length < 16_000) _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        _process = process;

        var hello = Task.Run(process.StandardOutput.ReadLine);
        if (!hello.Wait(_startTimeout))
            throw Break($"{_interpreter} did not report ready within {_startTimeout.TotalSeconds:0.###} s");
        if (hello.Result is null)
            throw Break($"{_interpreter} exited before reporting ready");
        using var document = JsonDocument.Parse(hello.Result);
        var ready = document.RootElement;
        if (!ready.GetProperty("ready").GetBoolean())
        {
            var why = ready.GetProperty("error").GetString();
            Kill();
            _brokenBecause = Unavailable($"importing the libraries failed: {why}").Message;
            throw new InvalidOperationException(_brokenBecause);
        }
        Description = $"Python {ready.GetProperty("python").GetString()}, canonicaljson {ready.GetProperty("canonicaljson").GetString()} " +
            $"(encoder module: {ready.GetProperty("encoder").GetString()})";
        return process;
    }

    private static InvalidOperationException Unavailable(string why) =>
        new($"The Python oracle is unavailable: {why}.\n{InstallHint}");

    // Records why the oracle is unusable (later calls fail fast with the same reason) and stops the process.
    private InvalidOperationException Break(string why)
    {
        Kill();
        string stderr;
        lock (_stderr) stderr = _stderr.ToString();
        _brokenBecause = $"The Python oracle broke: {why}." + (stderr.Length > 0 ? $"\nIts stderr:\n{stderr}" : "");
        return new InvalidOperationException(_brokenBecause);
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
