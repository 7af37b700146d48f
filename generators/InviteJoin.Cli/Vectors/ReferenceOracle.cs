using InviteJoin.Cli.Commands;
using InviteJoin.Generators.Vectors;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Cli.Vectors;

/// <summary>The reference answering vector requests exactly as <c>invitejoin adapter SUITE --profile NAME</c> does.</summary>
internal sealed class ReferenceOracle(IReadOnlyList<DataCommand> commands) : IVectorOracle
{
    public static readonly ReferenceOracle Default = new(DataCommands.All);

    public JsonObject Answer(string suite, JsonObject request, BehaviourProfile profile)
    {
        var command = AdapterSuites.For(suite, commands, profile) ?? throw new InvalidOperationException("no command answers the suite " + suite);
        var answered = DataCommandRunner.Answer(command, CanonicalJson.Encode(request), line: null);
        return answered.Json as JsonObject ?? JsonValue.Object(("error", ErrorResponse.Detail("answer.not_an_object", "the answer is " + answered.Json)));
    }
}
