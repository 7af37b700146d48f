using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using InviteJoin.Diagrams;
using InviteJoin.Generators.Simulation;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// Where explore writes its pictures: into <c>--pictures DIR</c> as <c>NAME.mmd</c> and <c>NAME.dot</c>; else beside
/// <c>--report FILE</c> as <c>FILE-without-extension.NAME.mmd</c>; else nowhere (the Mermaid text is still printed).
/// </summary>
internal sealed record PictureTarget(string? Folder, string? ReportFile)
{
    /// <summary>The file a picture named <paramref name="name"/> goes to in <paramref name="format"/>, or null when pictures are not written.</summary>
    public string? PathOf(string name, DiagramFormat format)
    {
        if (Folder is not null) return Path.Combine(Folder, name + format.Extension());
        if (ReportFile is not null) return Path.ChangeExtension(ReportFile, null) + "." + name + format.Extension();
        return null;
    }
}

/// <summary>A counterexample's picture: its Mermaid and DOT text, and the files they were written to (none when not written).</summary>
internal sealed record Picture(string Name, string Mermaid, string Dot, ImmutableArray<string> Files);

/// <summary>
/// Draws the event graphs of counterexamples (InviteJoin.Diagrams) from the rooms the servers of the simulated
/// federation hold when the run stops: one box per server and room, Byzantine and faulty servers apart.
/// </summary>
internal static class ExplorePictures
{
    /// <summary>The picture of each violation of <paramref name="report"/>, by invariant, written where <paramref name="target"/> says.</summary>
    public static ImmutableSortedDictionary<string, Picture> Draw(ExploreReport report, PictureTarget target) =>
        report.Violations.ToImmutableSortedDictionary(
            v => v.Invariant,
            v => Draw(v.Counterexample.Schedule, v.Invariant, target, $"{v.Invariant} counterexample: schedule {v.FirstSchedule} of seed {report.Run.Seed}, shrunk"),
            StringComparer.Ordinal);

    /// <summary>The picture of the world <paramref name="schedule"/> leaves (at its violation, or at quiescence).</summary>
    public static Picture Draw(Schedule schedule, string name, PictureTarget target, string? title = null) =>
        Draw(Runner.Run(schedule).World, name, target, title ?? name);

    public static Picture Draw(World world, string name, PictureTarget target, string title)
    {
        var servers = Servers(world);
        var mermaid = EventGraphDiagrams.Render(servers, DiagramFormat.Mermaid, title);
        var dot = EventGraphDiagrams.Render(servers, DiagramFormat.Dot, title);
        var files = ImmutableArray.CreateBuilder<string>();
        foreach (var (format, text) in new[] { (DiagramFormat.Mermaid, mermaid), (DiagramFormat.Dot, dot) })
        {
            if (target.PathOf(name, format) is not { } path) continue;
            if (target.Folder is { } folder)
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    throw new ExploreCommand.UsageException($"--pictures: cannot make the folder {folder}: {e.Message}");
                }
            }
            ExploreCommand.WriteFile(path, new UTF8Encoding(false).GetBytes(text), target.Folder is not null ? "--pictures" : "--report");
            files.Add(path);
        }
        return new Picture(name, mermaid, dot, files.ToImmutable());
    }

    /// <summary>
    /// The servers as the picture shows them: each room it holds among those the run touched (the main room, and the
    /// lobby of a restricted room once a step made an event there), named "main" or "lobby".
    /// </summary>
    public static ImmutableArray<PictureServer> Servers(World world)
    {
        var setup = world.SetupEvents.ToHashSet(StringComparer.Ordinal);
        var rooms = world.Rooms.Where((roomId, i) => i == 0 || world.Servers.Any(s => s.Room(roomId)?.Held.Keys.Any(id => !setup.Contains(id)) == true)).ToList();
        return [.. world.Servers.Select(server =>
        {
            var config = world.Config;
            var (role, detail) = server.Strategy is { } strategy
                ? (ServerRole.Byzantine, Adversaries.Name(strategy) + (Adversaries.Attack(strategy) is var attack and not "—" ? ", " + attack : ""))
                : config.Faulty.Contains(server.Index) ? (ServerRole.Faulty, config.Fault ?? "") : (ServerRole.Honest, "");
            var held = rooms
                .Where(roomId => server.Room(roomId) is not null)
                .Select(roomId => new PictureRoom(RoomLabel(world, roomId), server.Room(roomId)!))
                .ToImmutableArray();
            return new PictureServer(server.Name, role, detail, held);
        })];
    }

    private static string RoomLabel(World world, string roomId)
    {
        var name = roomId == world.MainRoom ? "main room" : "lobby";
        // Room IDs of versions 1-11 are short (!main:a.test); a version 12 ID is a hash, shown by its start.
        var shortId = roomId.Length <= 16 ? roomId : roomId[..10] + "…";
        return string.Create(CultureInfo.InvariantCulture, $"{name} {shortId}");
    }
}
