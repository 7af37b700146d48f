namespace InviteJoin.Diagrams;

/// <summary>One generated file: its name in the folder it is written to, and its text (<c>\n</c> line endings, UTF-8 without a byte-order mark).</summary>
public sealed record DiagramFile(string Name, string Text);
