using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// The order of event IDs in state resolution's final tie-breaks and in every sorted set of event IDs
/// the resolver returns: Unicode code-point order. Event IDs of room versions 3+ are ASCII, where this
/// is plain ordinal order; room version 1–2 IDs may hold any character, and code-point order is what
/// comparing their UTF-8 bytes gives (UTF-16 ordinal order would misplace supplementary characters).
/// Token: `stateres.event_id_order`.
/// </summary>
public sealed class EventIdOrder : IComparer<EventId>
{
    /// <summary>The one instance.</summary>
    public static readonly EventIdOrder Instance = new();

    /// <summary>The same order on the text of event IDs.</summary>
    public static readonly IComparer<string> Text = new TextOrder();

    private EventIdOrder()
    {
    }

    public int Compare(EventId x, EventId y) => CompareText(x.Value, y.Value);

    /// <summary>Code-point comparison: the first differing UTF-16 unit decides, with surrogates moved above U+E000–U+FFFF.</summary>
    internal static int CompareText(string x, string y)
    {
        // Event IDs differ early (after the sigil, in the first characters of a name or hash): a plain walk finds the
        // first difference sooner than a vectorised search for it.
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i]) return Fix(x[i]) - Fix(y[i]);
        }
        return x.Length.CompareTo(y.Length);
    }

    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;

    private sealed class TextOrder : IComparer<string>
    {
        public int Compare(string? x, string? y) => CompareText(x ?? "", y ?? "");
    }
}
