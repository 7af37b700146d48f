using System.Collections.Immutable;
using System.CommandLine;
using System.Text;
using InviteJoin.Cli.Commands;
using InviteJoin.Conformance.Reports;
using InviteJoin.Conformance.Running;
using InviteJoin.Conformance.Vectors;

namespace InviteJoin.Cli.Vectors;

/// <summary>
/// <c>invitejoin audit --vectors DIR --adapter COMMAND</c>: runs the conformance vectors against another implementation
/// through its adapter (spec/vectors/adapter-protocol.md) and reports each case's class: a table on stdout, a
/// progress bar on stderr, and on request the JSON report, JUnit XML and the HTML page. Exit 0 when no case failed
/// unexplained, 1 when some did, 2 when the vectors or the expectations file cannot be read.
/// </summary>
internal static class AuditCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var vectors = new Option<string>("--vectors") { Description = "The vector folder (index.json, SHA256SUMS and the suites' files).", Required = true, HelpName = "dir" };
        var adapter = new Option<string>("--adapter") { Description = "The adapter's command line; each suite's process is started as it plus the suite's name.", Required = true, HelpName = "command" };
        var suites = new Option<string>("--suites") { Description = "Only these suites, comma-separated.", HelpName = "names" };
        var cases = new Option<string>("--cases") { Description = "Only cases whose ID matches this pattern (* matches anything).", HelpName = "pattern" };
        var every = new Option<int>("--every") { Description = "Run every n-th case of each file (default 1: all).", DefaultValueFactory = _ => 1 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one answer may take (default 10).", DefaultValueFactory = _ => 10 };
        var startTimeout = new Option<double>("--start-timeout") { Description = "Seconds the adapter may take to write its handshake (default 60).", DefaultValueFactory = _ => 60 };
        var expectations = new Option<string>("--expectations") { Description = "A file of known failures (invitejoin-expectations/1), reported as known.", HelpName = "file" };
        var json = new Option<string>("--json") { Description = "Write the JSON report here.", HelpName = "file" };
        var junit = new Option<string>("--junit") { Description = "Write JUnit XML here.", HelpName = "file" };
        var html = new Option<string>("--html") { Description = "Write the self-contained HTML report here.", HelpName = "file" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var command = new Command("audit", "Run the conformance vectors against another implementation through its adapter, and report.")
        {
            vectors, adapter, suites, cases, every, timeout, startTimeout, expectations, json, junit, html, quiet,
        };
        command.SetAction(parse =>
        {
            VectorSet set;
            Expectations known;
            try
            {
                set = VectorSet.Load(parse.GetValue(vectors)!);
                known = parse.GetValue(expectations) is { } path ? Expectations.Load(path) : Expectations.None;
            }
            catch (VectorFormatException e)
            {
                stderr.WriteLine("invitejoin audit: " + e.Message);
                return ExitCodes.MalformedInput;
            }
            var chosen = (parse.GetValue(suites) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToImmutableArray();
            foreach (var name in chosen)
            {
                if (Suites.Find(name) is null)
                {
                    stderr.WriteLine($"invitejoin audit: unknown suite \"{name}\"; known: {string.Join(", ", Suites.All.Select(s => s.Name))}");
                    return ExitCodes.Usage;
                }
            }
            var options = new AuditOptions
            {
                Adapter = parse.GetValue(adapter)!,
                Suites = chosen,
                Cases = parse.GetValue(cases),
                Every = Math.Max(1, parse.GetValue(every)),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                StartTimeout = TimeSpan.FromSeconds(parse.GetValue(startTimeout)),
                Expectations = known,
            };
            IAuditProgress? progress = parse.GetValue(quiet) ? null : new ProgressBar(stderr, interactive: !Console.IsErrorRedirected && stderr is not StringWriter);
            var report = AuditRunner.Run(set, options, progress);
            stdout.Write(ConsoleReport.Write(report));
            var utf8 = new UTF8Encoding(false);
            if (parse.GetValue(json) is { } jsonPath) File.WriteAllText(jsonPath, JsonReport.Write(report), utf8);
            if (parse.GetValue(junit) is { } junitPath) File.WriteAllText(junitPath, JUnitReport.Write(report), utf8);
            if (parse.GetValue(html) is { } htmlPath) File.WriteAllText(htmlPath, AuditHtml.Write(report), utf8);
            stdout.Flush();
            return report.Passed ? ExitCodes.Ok : 1;
        });
        return command;
    }
}
