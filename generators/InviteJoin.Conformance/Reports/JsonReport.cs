using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using InviteJoin.Conformance.Running;

namespace InviteJoin.Conformance.Reports;

/// <summary>
/// The audit as JSON (<c>invitejoin-audit/1</c>): adapter, vectors, counts overall and per suite, unexplained failures
/// grouped by rule token with their witnesses, known divergences grouped by what explains them, stale expectations,
/// and every case's class. Holds no time or path, so the same audit gives the same bytes.
/// </summary>
public static class JsonReport
{
    public const string Format = "invitejoin-audit/1";

    /// <summary>The report's text.</summary>
    public static string Write(AuditReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteStartObject("adapter");
            json.WriteString("implementation", report.Adapter.Implementation);
            json.WriteString("version", report.Adapter.Version);
            json.WriteString("protocol", report.Adapter.Protocol);
            if (report.Adapter.Profile is { } profile) json.WriteString("profile", profile);
            json.WriteEndObject();
            json.WriteStartObject("vectors");
            json.WriteString("generator", report.Vectors.Generator);
            json.WriteString("spec", report.Vectors.SpecVersion);
            json.WriteNumber("seed", report.Vectors.Seed);
            json.WriteNumber("selected", report.Vectors.Selected);
            json.WriteNumber("total", report.Vectors.Total);
            json.WriteEndObject();
            json.WriteBoolean("passed", report.Passed);
            json.WritePropertyName("summary");
            Counts(json, report.Summary);
            json.WriteStartArray("suites");
            foreach (var suite in report.Suites)
            {
                json.WriteStartObject();
                json.WriteString("suite", suite.Suite);
                json.WriteBoolean("supported", suite.Supported);
                if (suite.Problem is { } problem) json.WriteString("problem", problem);
                json.WriteNumber("restarts", suite.Restarts);
                json.WritePropertyName("counts");
                Counts(json, suite.Counts);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("failures");
            foreach (var group in report.FailuresByRule)
            {
                json.WriteStartObject();
                json.WriteString("rule", group.Key);
                json.WriteNumber("count", group.Cases.Length);
                json.WriteStartArray("cases");
                foreach (var result in group.Cases) Case(json, result, witness: true);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("known_divergences");
            foreach (var group in report.KnownDivergences)
            {
                json.WriteStartObject();
                json.WriteString("explained_by", group.Key);
                json.WriteNumber("count", group.Cases.Length);
                json.WriteStartArray("cases");
                foreach (var result in group.Cases) Case(json, result, witness: false);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("stale_expectations");
            foreach (var stale in report.StaleExpectations)
            {
                json.WriteStartObject();
                json.WriteString("cases", stale.Cases);
                json.WriteString("reason", stale.Reason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("results");
            foreach (var result in report.Results) json.WriteString(result.Case.Id, CaseClasses.Token(result.Class));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Counts(Utf8JsonWriter json, ClassCounts counts)
    {
        json.WriteStartObject();
        json.WriteNumber("cases", counts.Cases);
        foreach (var c in CaseClasses.All) json.WriteNumber(CaseClasses.Token(c), counts.Of(c));
        json.WriteEndObject();
    }

    private static void Case(Utf8JsonWriter json, CaseResult result, bool witness)
    {
        json.WriteStartObject();
        json.WriteString("id", result.Case.Id);
        json.WriteString("suite", result.Case.Suite);
        json.WriteString("class", CaseClasses.Token(result.Class));
        if (result.Case.RoomVersion is { } version) json.WriteString("room_version", version);
        json.WriteStartArray("rules");
        foreach (var rule in result.Case.Rules) json.WriteStringValue(rule);
        json.WriteEndArray();
        json.WriteStartArray("flags");
        foreach (var flag in result.Case.Flags) json.WriteStringValue(flag);
        json.WriteEndArray();
        json.WriteString("detail", result.Detail);
        json.WriteString("expected", result.ExpectedText);
        if (result.Actual is { } actual) json.WriteString("actual", actual);
        if (witness) json.WriteString("witness", Witness.Of(result.Case));
        json.WriteEndObject();
    }
}
