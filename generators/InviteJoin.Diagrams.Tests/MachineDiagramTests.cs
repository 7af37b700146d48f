using System.Text;
using InviteJoin.Reference.Dance.Machines;

namespace InviteJoin.Diagrams.Tests;

/// <summary>
/// The diagrams in spec/machines are drawn from the machines' Stateless configuration: the committed
/// files must be exactly what the catalogue draws now, and the drawing must be the same on every run.
/// </summary>
public sealed class MachineDiagramTests
{
    [Fact]
    public void CommittedDiagrams_AreWhatTheConfigurationDrawsNow()
    {
        var directory = Path.Combine(Repository.Root, "spec", "machines");
        var expected = MachineDiagrams.Files();
        var problems = new List<string>();
        foreach (var file in expected)
        {
            var path = Path.Combine(directory, file.Name);
            if (!File.Exists(path)) problems.Add(file.Name + " is missing");
            else if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(file.Text))) problems.Add(file.Name + " differs");
        }
        var names = expected.Select(file => file.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(Directory.Exists(directory)
            ? Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>().Where(name => !names.Contains(name)).Order(StringComparer.Ordinal).Select(name => name + " is not generated (delete it)")
            : []);
        Assert.True(problems.Count == 0,
            "spec/machines is stale: " + string.Join("; ", problems) + ". Regenerate it with: " + MachineDiagrams.RegenerateCommand);
    }

    [Fact]
    public void EveryDiagram_DrawnTwice_IsTheSameText()
    {
        foreach (var machine in MachineCatalogue.All)
        {
            foreach (var format in Enum.GetValues<DiagramFormat>())
            {
                Assert.Equal(MachineDiagrams.Render(machine, format), MachineDiagrams.Render(machine, format));
            }
        }
    }

    [Fact]
    public void MembershipDiagrams_ChangeExactlyWhereKnockingRestrictedAndKnockRestrictedArrive()
    {
        var names = MachineCatalogue.All.Select(machine => machine.Name).Where(name => name.StartsWith("membership-", StringComparison.Ordinal));
        Assert.Equal(["membership-v1-v6", "membership-v7", "membership-v8-v9", "membership-v10-v12"], names);
    }

    [Fact]
    public void Catalogue_NamesEveryHandshakeFromBothSides()
    {
        var names = MachineCatalogue.All.Select(machine => machine.Name).Where(name => !name.StartsWith("membership-", StringComparison.Ordinal));
        Assert.Equal(
            ["invite-inviter", "invite-invitee", "join-joiner", "join-resident", "restricted-join-resident", "knock-knocker", "knock-resident", "leave-leaver", "leave-resident"],
            names);
        Assert.All(MachineCatalogue.All, machine => Assert.Same(machine, MachineCatalogue.Find(machine.Name)));
        Assert.Null(MachineCatalogue.Find("membership"));
    }

    [Fact]
    public void MermaidDiagrams_AreStateDiagramsWhoseLabelsMermaidCanRead()
    {
        foreach (var machine in MachineCatalogue.All)
        {
            var lines = MachineDiagrams.Render(machine, DiagramFormat.Mermaid).Split('\n');
            Assert.Equal("stateDiagram-v2", lines[0]);
            Assert.StartsWith("[*] --> ", lines[^2], StringComparison.Ordinal);
            Assert.Equal("", lines[^1]);
            var transitions = lines.Where(line => line.StartsWith('\t')).ToList();
            Assert.NotEmpty(transitions);
            // Mermaid ends a transition's description at '#' or ';', and every edge needs " : label".
            Assert.All(transitions, line =>
            {
                Assert.Contains(" --> ", line, StringComparison.Ordinal);
                Assert.Contains(" : ", line, StringComparison.Ordinal);
                Assert.DoesNotContain('#', line);
                Assert.DoesNotContain(';', line);
            });
        }
    }

    [Fact]
    public void DotDiagrams_AreDigraphsWithAnInitialArrow()
    {
        foreach (var machine in MachineCatalogue.All)
        {
            var text = MachineDiagrams.Render(machine, DiagramFormat.Dot);
            Assert.StartsWith("digraph {\n", text, StringComparison.Ordinal);
            Assert.EndsWith("}\n", text, StringComparison.Ordinal);
            Assert.Contains(" init -> \"", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', text);
        }
    }

    [Fact]
    public void MembershipDiagrams_NameThePreconditionsTheTableLeavesOut()
    {
        var v7 = MachineDiagrams.Render(MachineCatalogue.Find("membership-v7")!, DiagramFormat.Mermaid);
        var v8 = MachineDiagrams.Render(MachineCatalogue.Find("membership-v8-v9")!, DiagramFormat.Mermaid);
        Assert.Contains("m.federate", v7, StringComparison.Ordinal);
        Assert.DoesNotContain("join_authorised_via_users_server signed", v7, StringComparison.Ordinal);
        Assert.Contains("join_authorised_via_users_server signed", v8, StringComparison.Ordinal);
        Assert.Equal(MembershipMachine.Preconditions(RoomVersion.V7).Length + 1, MembershipMachine.Preconditions(RoomVersion.V8).Length);
    }
}
