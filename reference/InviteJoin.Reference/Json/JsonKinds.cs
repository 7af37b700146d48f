namespace InviteJoin.Reference.Json;

/// <summary>
/// The words for a JSON value's kind in failure messages ("a string", "an object"), so that every layer
/// that reports a value of the wrong kind says it the same way.
/// </summary>
public static class JsonKinds
{
    /// <summary>The kind with its article: "null", "a boolean", "a number", "a string", "an array" or "an object".</summary>
    public static string Describe(JsonKind kind) => kind switch
    {
        JsonKind.Null => "null",
        JsonKind.Bool => "a boolean",
        JsonKind.Number => "a number",
        JsonKind.String => "a string",
        JsonKind.Array => "an array",
        JsonKind.Object => "an object",
        _ => "a value",
    };
}
