namespace InviteJoin.Testing;

/// <summary>
/// A test fixture that cannot be built as written: an event the room version's format refuses, a data file
/// that does not read, an event the builder was told must pass the auth rules and does not. The test is wrong,
/// not the code under test. The kit throws it rather than asserting, so any test runner (xunit, FsCheck,
/// CsCheck) reports it as the failure it is, with its message.
/// </summary>
public sealed class FixtureException : Exception
{
    public FixtureException(string message)
        : base(message)
    {
    }

    public FixtureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FixtureException()
    {
    }
}
