using InviteJoin.Catalogue;

namespace InviteJoin.Reference.Tests.Spec;

/// <summary>
/// The one catalogue reader is strict: a catalogue that is not exactly the schema's shape, or that breaks
/// a rule the schema cannot state, is refused with the JSON path and the line and column of the fault.
/// Each case plants one fault in a small valid catalogue.
/// </summary>
public sealed class TokenCatalogueReaderTests
{
    private const string Valid = """
        {
          "$schema": "catalogue.schema.json",
          "spec_version": "v1.19",
          "room_versions": {"first": 1, "last": 12},
          "pages": [{"file": "06a-member-join.md", "code": []}],
          "groups": [
            {
              "page": "06a-member-join.md",
              "comment": "m.room.member, membership join.",
              "tokens": [
                {
                  "token": "member.join.public",
                  "member": "MemberJoinPublic",
                  "decision": "allow",
                  "versions": {"first": 1, "last": 12},
                  "clauses": [{"versions": {"first": 1, "last": 5}, "at": ["5.2.5"]}, {"versions": {"first": 6, "last": 12}, "at": ["4.2.5"]}],
                  "meaning": "The join rule is `public`.",
                  "sentence": "Anyone may join a public room.",
                  "spec": {"label": "spec", "url": "https://spec.matrix.org/v1.19/rooms/v12/#authorisation-rules"},
                  "code": ["reference/InviteJoin.Reference/Auth/MemberJoinRules.cs"]
                },
                {
                  "token": "power_level.user",
                  "versions": {"first": 1, "last": 12},
                  "clauses": [],
                  "ours": "how the rules read a level",
                  "meaning": "A user's level.",
                  "spec": {"label": "spec", "url": "https://spec.matrix.org/v1.19/client-server-api/#mroompower_levels"},
                  "code": ["reference/InviteJoin.Reference/Auth/PowerLevels.cs"]
                }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void ValidCatalogue_IsRead()
    {
        var (catalogue, error) = TokenCatalogue.Read(Valid);
        Assert.Null(error);
        Assert.Equal(["member.join.public"], catalogue!.Decisions.Select(t => t.Token));
        Assert.Equal(["power_level.user"], catalogue.Definitions.Select(t => t.Token));
        var token = catalogue.Tokens[0];
        Assert.Equal((TokenDecision?)TokenDecision.Allow, token.Decision);
        Assert.Equal("1–12", token.Versions.ToString());
        Assert.Equal(["5.2.5"], token.Clauses[0].At);
        Assert.Equal("\"member.join.public\"", Valid.Substring(token.Offset, token.Length));
    }

    [Theory]
    [InlineData("\"sentence\": \"Anyone", "\"sentense\": \"Anyone", "$.groups[0].tokens[0]: unknown key 'sentense'", 18)]
    [InlineData("\"sentence\": \"Anyone may join a public room.\",", "", "$.groups[0].tokens[0]: missing key 'sentence'", 11)]
    [InlineData("\"token\": \"power_level.user\"", "\"token\": \"member.join.public\"", "member.join.public is listed twice", 23)]
    [InlineData("\"token\": \"power_level.user\",", "\"token\": \"power_level.user\", \"member\": \"X\",", "$.groups[0].tokens[1]: unknown key 'member'", 23)]
    [InlineData("\"decision\": \"allow\"", "\"decision\": \"maybe\"", "$.groups[0].tokens[0].decision: must be allow or reject, not maybe", 14)]
    [InlineData("{\"first\": 6, \"last\": 12}, \"at\": [\"4.2.5\"]", "{\"first\": 7, \"last\": 12}, \"at\": [\"4.2.5\"]", "$.groups[0].tokens[0].clauses[1].versions: starts at 7 but must start at 6", 16)]
    [InlineData("{\"first\": 6, \"last\": 12}, \"at\": [\"4.2.5\"]", "{\"first\": 6, \"last\": 11}, \"at\": [\"4.2.5\"]", "$.groups[0].tokens[0].clauses: end at 11 but the token's versions end at 12", 16)]
    [InlineData("\"versions\": {\"first\": 1, \"last\": 12},\n          \"clauses\": []", "\"versions\": {\"first\": 1, \"last\": 13},\n          \"clauses\": []", "$.groups[0].tokens[1].versions: 1–13 is not within 1–12", 24)]
    [InlineData("\"page\": \"06a-member-join.md\"", "\"page\": \"06b-member-invite.md\"", "$.groups[0].page: page 06b-member-invite.md is not listed in $.pages", 8)]
    [InlineData("[{\"file\": \"06a-member-join.md\", \"code\": []}]", "[{\"file\": \"06a-member-join.md\", \"code\": []}, {\"file\": \"07-sender.md\", \"code\": []}]", "$.pages: page 07-sender.md has no tokens", 5)]
    [InlineData("\"The join rule is `public`.\"", "\"The join rule is | public.\"", "$.groups[0].tokens[0].meaning: must be one line without '|'", 17)]
    [InlineData("\"clauses\": [],\n          \"ours\": \"how the rules read a level\",", "\"clauses\": [],", "$.groups[0].tokens[1].clauses: must not be empty", 25)]
    [InlineData("\"spec_version\": \"v1.19\",", "\"spec_version\": \"v1.19\", \"spec_version\": \"v1.20\",", "duplicate key 'spec_version'", 3)]
    [InlineData("{\"first\": 1, \"last\": 12},\n  \"pages\"", "{\"first\": 1, \"last\": 12.5},\n  \"pages\"", "only integers are allowed", 4)]
    [InlineData("\"code\": [\"reference/InviteJoin.Reference/Auth/PowerLevels.cs\"]", "\"code\": [\"../PowerLevels.cs\"]", "$.groups[0].tokens[1].code[0]: '../PowerLevels.cs' is not a .cs path from the repository root", 29)]
    [InlineData("\"url\": \"https://spec.matrix.org/v1.19/rooms/v12/#authorisation-rules\"", "\"url\": \"http://spec.matrix.org/\"", "$.groups[0].tokens[0].spec.url: 'http://spec.matrix.org/' is not an https:// address", 19)]
    public void PlantedFault_IsRefusedWithItsPathAndLine(string original, string planted, string expected, int line)
    {
        Assert.Contains(original, Valid, StringComparison.Ordinal);
        var text = Valid.Replace(original, planted, StringComparison.Ordinal);
        var (catalogue, error) = TokenCatalogue.Read(text);
        Assert.Null(catalogue);
        Assert.Contains(expected, error!.Message, StringComparison.Ordinal);
        Assert.StartsWith("spec/rules/catalogue.json:" + line + ":", error.Describe("spec/rules/catalogue.json", text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\uFEFF{}", "unexpected character")]
    [InlineData("{} {}", "text after the JSON value")]
    [InlineData("{\"a\": \"\\ud800\"}", "a high surrogate escape without its low surrogate")]
    [InlineData("{\"a\": 01}", "a number must not have a leading zero")]
    [InlineData("[1,]", "unexpected character ']'")]
    public void MalformedJson_IsRefused(string text, string expected)
    {
        var exception = Assert.Throws<CatalogueFormatException>(() => CatalogueJson.Parse(text));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }
}
