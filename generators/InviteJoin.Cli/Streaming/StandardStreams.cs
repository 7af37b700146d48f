using System.Globalization;

namespace InviteJoin.Cli.Streaming;

/// <summary>
/// Tells whether standard input or output was closed when invitejoin started (<c>&lt;&amp;-</c>,
/// <c>&gt;&amp;-</c>). A closed descriptor 0 or 1 does not stay empty: the runtime's own first files and
/// pipes take the lowest free numbers, so "stdin" could be a pipe the runtime itself waits on (reading it
/// never ends) and "stdout" one of its internal files. Those are opened close-on-exec, which a descriptor
/// inherited from the caller cannot be (it survived the exec), so that flag tells them apart.
/// </summary>
internal static class StandardStreams
{
    private const int CloseOnExec = 0x80000; // O_CLOEXEC, as /proc/self/fdinfo reports open flags (octal 02000000).

    /// <summary>True when descriptor <paramref name="fd"/> (0 stdin, 1 stdout, 2 stderr) was not inherited from the caller.</summary>
    public static bool WasClosed(int fd)
    {
        // Only Linux has /proc/self/fdinfo; elsewhere the descriptors are taken as given.
        if (!OperatingSystem.IsLinux()) return false;
        string info;
        try
        {
            info = File.ReadAllText("/proc/self/fdinfo/" + fd.ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        foreach (var line in info.Split('\n'))
        {
            if (!line.StartsWith("flags:", StringComparison.Ordinal)) continue;
            var octal = line["flags:".Length..].Trim();
            var flags = 0L;
            foreach (var digit in octal)
            {
                if (digit is < '0' or > '7') return false;
                flags = flags * 8 + (digit - '0');
            }
            return (flags & CloseOnExec) != 0;
        }
        return false;
    }
}
