using System.Diagnostics;
using System.Net;
using InviteJoin.Conformance.Html;
using InviteJoin.Generators.Export;
using InviteJoin.Reference.Json;
using Xunit;
using static InviteJoin.Cli.Tests.RoomAuditKit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The HTML report: one self-contained file (no script, nothing fetched) whose every text is escaped, and which a
/// real browser — headless Chromium, Debian's <c>chromium</c> package — shows with its summary and its failures.
/// </summary>
public sealed class HtmlReportTests
{
    private static ReportDocument Document(string hostile = "<script>alert(1)</script> & \"quoted\" 'single'") => new()
    {
        Title = "Audit " + hostile,
        Subtitle = hostile,
        Verdict = ReportVerdict.Failed,
        VerdictText = hostile,
        Summary = [new ReportFact(hostile, hostile)],
        Tables = [new ReportTable(hostile, [hostile, "n"], [[hostile, "1"]])],
        Groups =
        [
            new ReportFindingGroup
            {
                Token = "member.join.not_invited" + hostile,
                Title = hostile,
                Severity = ReportSeverity.Failure,
                Count = 3,
                Findings = [new ReportFinding { Subject = "$event" + hostile, Headline = hostile, Witness = [new ReportFact(hostile, hostile)], Story = [hostile], Details = hostile }],
            },
        ],
        Notes = [hostile],
        Rerun = "invitejoin audit-room " + hostile,
    };

    [Fact]
    public void EveryText_IsEscaped_SoNoContentBecomesMarkup()
    {
        var html = HtmlReport.Render(Document());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"quoted\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;", html, StringComparison.Ordinal);
        Assert.Contains("and 2 more of this kind", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFile_FetchesNothing_AndRunsNothing()
    {
        var export = RoomExports.WithAnomalies(History("11"));
        using var folder = new ExportFolder();
        var file = folder.PathOf("report.html");
        Audit(folder, [.. WriteExport(folder, export), "--html", file]);
        var html = File.ReadAllText(file);

        foreach (var reference in new[] { "<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "href=\"http", "href=\"//" })
        {
            Assert.DoesNotContain(reference, html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public void APictureThatIsNotPlainSvg_IsRefused()
    {
        var document = Document("x") with
        {
            Groups = [Document("x").Groups[0] with { Findings = [Document("x").Groups[0].Findings[0] with { Picture = new ReportPicture("<svg><script>alert(1)</script></svg>", "c") }] }],
        };
        Assert.Throws<ArgumentException>(() => HtmlReport.Render(document));
    }

    [Fact]
    public void TheSameDocument_GivesTheSameBytes() => Assert.Equal(HtmlReport.Render(Document()), HtmlReport.Render(Document()));

    [Fact]
    public async Task HeadlessChromium_ShowsTheSummaryAndAFailureWithItsPicture()
    {
        var export = RoomExports.WithAnomalies(History("11"));
        using var folder = new ExportFolder();
        var file = folder.PathOf("report.html");
        Audit(folder, [.. WriteExport(folder, export), "--html", file]);

        // A probe added to a copy (the report itself has no script) asks the browser what it laid out and shows.
        const string Probe = """
            <script>
            (() => {
              const shown = e => { if (!e) return false; const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility !== 'hidden'; };
              const summary = document.getElementById('summary');
              const failure = document.querySelector('section.group.failure article.finding');
              const picture = failure && failure.querySelector('figure svg');
              document.body.setAttribute('data-probe', JSON.stringify({
                summary: shown(summary), summaryText: summary ? summary.innerText : '',
                failure: shown(failure), failureText: failure ? failure.innerText : '',
                picture: shown(picture), verdict: document.getElementById('verdict').innerText }));
            })();
            </script>
            """;
        var probed = folder.Write("probed.html", File.ReadAllText(file).Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        var dom = await Chromium.DumpDomAsync(probed, folder.PathOf("profile"));

        var attribute = System.Text.RegularExpressions.Regex.Match(dom, "data-probe=\"([^\"]*)\"");
        Assert.True(attribute.Success, "Chromium's DOM has no probe result:\n" + dom[..Math.Min(dom.Length, 2000)]);
        var probe = (JsonObject)StrictJsonReader.Parse(WebUtility.HtmlDecode(attribute.Groups[1].Value), JsonReadOptions.Lenient).Value;
        Assert.Equal(JsonValue.Bool(true), probe["summary"]);
        Assert.Equal(JsonValue.Bool(true), probe["failure"]);
        Assert.Equal(JsonValue.Bool(true), probe["picture"]);
        Assert.StartsWith("Failed 4 anomalies", Text(probe, "verdict"), StringComparison.Ordinal);
        Assert.Contains("accepted", Text(probe, "summaryText"), StringComparison.Ordinal);
        // Failures are grouped by token in order, so the first shown is the claimed state's.
        Assert.Contains(RoomAuditTests.Planted(export, PlantedAnomaly.ClaimedStateDiffers), Text(probe, "failureText"), StringComparison.Ordinal);
    }
}

/// <summary>Runs Debian's headless Chromium (installed by .ci/run) on a local file.</summary>
internal static class Chromium
{
    public static async Task<string> DumpDomAsync(string file, string profile)
    {
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo("chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", new Uri(file).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("cannot start chromium (Debian's chromium package; .ci/run installs it): " + e.Message, e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 120 s");
            }
            var dom = await output;
            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await errors}");
            return dom;
        }
    }
}
