using System.Collections.Immutable;
using InviteJoin.Conformance.Adapters;
using InviteJoin.Conformance.Reports;
using InviteJoin.Conformance.Vectors;

namespace InviteJoin.Conformance.Running;

/// <summary>
/// Runs vectors against an implementation through its adapter (spec/vectors/adapter-protocol.md): one adapter
/// process per suite, one request line per case, each case classified (<see cref="Classifier"/>). A suite the
/// adapter does not list is not applicable; a crash, hang or garbage costs the case and the adapter is started
/// again, so the run always completes with every selected case classified.
/// </summary>
public static class AuditRunner
{
    public static AuditReport Run(VectorSet vectors, AuditOptions options, IAuditProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(options);
        var selected = Select(vectors, options);
        progress?.Started(selected.Count);
        var results = new List<CaseResult>(selected.Count);
        var suites = ImmutableArray.CreateBuilder<SuiteResult>();
        AdapterHandshake? first = null;
        var done = 0;

        void Record(CaseResult result)
        {
            results.Add(result);
            progress?.Advanced(++done, result);
        }

        foreach (var suite in Suites.All)
        {
            var cases = selected.Where(c => c.Suite == suite.Name).ToList();
            if (cases.Count == 0) continue;
            var before = results.Count;
            using var session = new AdapterSession(options.Adapter, suite.Name, options.Timeout, options.StartTimeout);
            var problem = session.Start();
            first ??= session.Handshake;
            string? notApplicable = null;
            if (problem is null && !session.Handshake!.Suites.Contains(suite.Name))
            {
                notApplicable = "the adapter does not support the suite " + suite.Name + " (its handshake lists " + List(session.Handshake.Suites) + ")";
            }
            else if (problem is not null && first is not null && !first.Suites.Contains(suite.Name))
            {
                notApplicable = "the adapter does not support the suite " + suite.Name + " (its handshake lists " + List(first.Suites) + ")";
            }
            if (notApplicable is not null || problem is not null)
            {
                foreach (var c in cases)
                {
                    Record(new CaseResult(c, notApplicable is not null ? CaseClass.NotApplicable : CaseClass.Unknown, notApplicable ?? "the adapter could not start: " + problem, null, []));
                }
                suites.Add(new SuiteResult(suite.Name, notApplicable is null, notApplicable ?? problem, ClassCounts.Of(results.Skip(before)), 0));
                continue;
            }

            var inARow = 0;
            string? gaveUp = null;
            foreach (var c in cases)
            {
                if (gaveUp is not null)
                {
                    Record(new CaseResult(c, CaseClass.Unknown, gaveUp, null, []));
                    continue;
                }
                if (session.Handshake?.RoomVersions is { } versions && c.RoomVersion is { } version && !versions.Contains(version))
                {
                    Record(new CaseResult(c, CaseClass.NotApplicable, "room version " + version + " is not among the adapter's room versions", null, []));
                    continue;
                }
                var reply = session.Ask(c.RequestText);
                inARow = reply.Kind == ReplyKind.Answer ? 0 : inARow + 1;
                Record(Classify(c, reply, options.Expectations));
                if (inARow >= options.GiveUpAfter)
                {
                    gaveUp = $"not asked: the adapter failed {inARow} cases in a row (last: {reply.Detail})";
                }
            }
            suites.Add(new SuiteResult(suite.Name, true, gaveUp, ClassCounts.Of(results.Skip(before)), session.Restarts));
        }
        progress?.Finished();

        var stale = options.Expectations.Known
            .Where(k => !results.Any(r => r.Class == CaseClass.KnownDivergence && r.Explained.Contains(k.Cases)))
            .ToImmutableArray();
        var adapter = first is null
            ? new AdapterInfo("unknown", "unknown", "unknown", null)
            : new AdapterInfo(first.Implementation, first.Version, first.Protocol, first.Profile);
        var info = new VectorInfo(vectors.Index.Generator, vectors.Index.SpecVersion, vectors.Index.Seed, selected.Count, vectors.Index.Cases);
        return new AuditReport(adapter, info, suites.ToImmutable(), [.. results], stale);
    }

    // An answer the classifier cannot read (JSON the runtime's reader accepts but cannot decode) is the adapter's failure, not the run's.
    private static CaseResult Classify(VectorCase c, AdapterReply reply, Expectations expectations)
    {
        try
        {
            return Classifier.Classify(c, reply, expectations);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            return new CaseResult(c, CaseClass.Unknown, "the answer cannot be read: " + e.Message, reply.Line, []);
        }
    }

    private static List<VectorCase> Select(VectorSet vectors, AuditOptions options)
    {
        var chosen = new List<VectorCase>();
        foreach (var file in vectors.Files)
        {
            if (!options.Suites.IsDefaultOrEmpty && !options.Suites.Contains(file.Suite)) continue;
            var i = 0;
            foreach (var c in file.Cases)
            {
                if (!options.Selects(c.Id)) continue;
                if (i++ % Math.Max(1, options.Every) == 0) chosen.Add(c);
            }
        }
        return chosen;
    }

    private static string List(ImmutableArray<string> suites) => suites.IsEmpty ? "none" : string.Join(", ", suites);
}
