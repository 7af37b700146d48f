namespace InviteJoin.Analyzers.Tests.ErrorModel;

public sealed class IJ4002NonExhaustiveClosedEnumSwitchTests
{
    private const string Membership = """
        using System;
        using System.Diagnostics;
        namespace InviteJoin.Reference.Events
        {
            public enum Membership { Invite, Join, Knock, Leave, Ban }
        }
        namespace InviteJoin.Reference.Auth
        {
            using InviteJoin.Reference.Events;

        """;

    [Fact]
    public Task DefaultOrDiscardStandingInForMembers_Reports() => Verify.AnalyzerAsync<ClosedEnumSwitchAnalyzer>(Membership + """
            static class Checks
            {
                static int Arm(Membership m) => m {|IJ4002:switch|}
                {
                    Membership.Join => 1,
                    Membership.Invite or Membership.Knock => 2,
                    _ => 0,
                };

                static int Guarded(Membership m) => m {|IJ4002:switch|}
                {
                    Membership.Join => 1,
                    Membership.Invite or Membership.Knock or Membership.Leave => 2,
                    Membership.Ban when m > 0 => 3,
                    _ => throw new ArgumentOutOfRangeException(nameof(m)),
                };

                static int Statement(Membership? m)
                {
                    {|IJ4002:switch|} (m)
                    {
                        case Membership.Join: return 1;
                        case Membership.Leave or Membership.Ban: return 2;
                        default: return 0;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task MissingMembers_ReportedByName() => Verify.AnalyzerAsync<ClosedEnumSwitchAnalyzer>(
        Membership + """
            static class Checks
            {
                static int Arm(Membership m) => m {|#0:switch|} { Membership.Join => 1, _ => 0 };
            }
        }
        """,
        new Verify.Options(),
        new DiagnosticResult(Descriptors.NonExhaustiveClosedEnumSwitch).WithLocation(0).WithArguments("Membership", "'Invite', 'Knock', 'Leave', 'Ban'"));

    [Fact]
    public Task EveryMemberOrUnreachableDefault_DoesNotReport() => Verify.AnalyzerAsync<ClosedEnumSwitchAnalyzer>(Membership + """
            static class Checks
            {
                static int All(Membership m) => m switch
                {
                    Membership.Join => 1,
                    Membership.Invite or Membership.Knock => 2,
                    Membership.Leave => 3,
                    Membership.Ban => 4,
                    _ => throw new UnreachableException(),
                };

                static int Statement(Membership m)
                {
                    switch (m)
                    {
                        case Membership.Join: return 1;
                        case Membership.Invite:
                        case Membership.Knock: return 2;
                        default: throw new UnreachableException("only joins and invites reach here");
                    }
                }

                static int OtherEnum(DayOfWeek d) => d switch { DayOfWeek.Monday => 1, _ => 0 };
            }
        }
        """);
}
