namespace InviteJoin.Conformance.Vectors;

/// <summary>A vector folder, file or expectations file that is not as the format documents say: the file, the JSON path and what is wrong.</summary>
public sealed class VectorFormatException(string file, string path, string message)
    : Exception(file + (path.Length > 0 ? " at " + path : "") + ": " + message)
{
    public string File { get; } = file;

    public string JsonPath { get; } = path;
}
