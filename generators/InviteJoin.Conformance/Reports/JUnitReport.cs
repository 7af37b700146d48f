using System.Globalization;
using System.Text;
using System.Xml;
using InviteJoin.Conformance.Running;

namespace InviteJoin.Conformance.Reports;

/// <summary>
/// The audit as JUnit XML, for CI systems: one test suite per vector suite, one test case per vector. A failure
/// (or a failure for another reason) is a <c>failure</c>, an unknown is an <c>error</c>, a case that does not apply
/// is <c>skipped</c>; a known divergence passes with its explanation as output.
/// </summary>
public static class JUnitReport
{
    public static string Write(AuditReport report)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var xml = XmlWriter.Create(new StringWriterUtf8(text), settings))
        {
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "invitejoin audit of " + report.Adapter.Implementation + " " + report.Adapter.Version);
            Totals(xml, report.Summary);
            foreach (var suite in report.Suites)
            {
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", suite.Suite);
                Totals(xml, suite.Counts);
                foreach (var result in report.Results.Where(r => r.Case.Suite == suite.Suite))
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", result.Case.Suite + "." + result.Case.Group);
                    xml.WriteAttributeString("name", result.Case.Id);
                    switch (result.Class)
                    {
                        case CaseClass.Fail:
                        case CaseClass.OtherReason:
                            xml.WriteStartElement("failure");
                            xml.WriteAttributeString("type", CaseClasses.Token(result.Class));
                            xml.WriteAttributeString("message", Clean(result.Detail));
                            xml.WriteString(Clean(Body(result)));
                            xml.WriteEndElement();
                            break;
                        case CaseClass.Unknown:
                            xml.WriteStartElement("error");
                            xml.WriteAttributeString("type", "unknown");
                            xml.WriteAttributeString("message", Clean(result.Detail));
                            xml.WriteString(Clean(Body(result)));
                            xml.WriteEndElement();
                            break;
                        case CaseClass.NotApplicable:
                            xml.WriteStartElement("skipped");
                            xml.WriteAttributeString("message", Clean(result.Detail));
                            xml.WriteEndElement();
                            break;
                        case CaseClass.KnownDivergence:
                            xml.WriteElementString("system-out", Clean(result.Detail));
                            break;
                    }
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return text.Append('\n').ToString();
    }

    private static void Totals(XmlWriter xml, ClassCounts counts)
    {
        xml.WriteAttributeString("tests", counts.Cases.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", (counts.Fail + counts.OtherReason).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", counts.Unknown.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", counts.NotApplicable.ToString(CultureInfo.InvariantCulture));
    }

    private static string Body(CaseResult result) =>
        Witness.Of(result.Case) + "\nexpected: " + result.ExpectedText + "\nactual: " + (result.Actual ?? "(no answer)");

    // XML 1.0 cannot carry most control characters, which a garbage answer may hold.
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text) clean.Append(XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD');
        return clean.ToString();
    }

    private sealed class StringWriterUtf8(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
