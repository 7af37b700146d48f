using System.Diagnostics;

namespace InviteJoin.Diagrams;

/// <summary>The diagram languages InviteJoin draws in.</summary>
public enum DiagramFormat
{
    /// <summary>Mermaid (<c>.mmd</c>): renders on GitHub and in most Markdown viewers.</summary>
    Mermaid,

    /// <summary>Graphviz DOT (<c>.dot</c>): for <c>dot -Tsvg</c> and the tools that read it.</summary>
    Dot,
}

/// <summary>What every drawing needs to know about its language: the file extension and how a comment line starts.</summary>
public static class DiagramFormats
{
    /// <summary>The file extension of <paramref name="format"/>, with its dot.</summary>
    public static string Extension(this DiagramFormat format) => format switch
    {
        DiagramFormat.Mermaid => ".mmd",
        DiagramFormat.Dot => ".dot",
        _ => throw new UnreachableException(),
    };

    /// <summary>What starts a comment line in <paramref name="format"/>, with the space after it.</summary>
    public static string CommentPrefix(this DiagramFormat format) => format switch
    {
        DiagramFormat.Mermaid => "%% ",
        DiagramFormat.Dot => "// ",
        _ => throw new UnreachableException(),
    };
}
