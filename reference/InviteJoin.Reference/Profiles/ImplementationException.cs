using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Profiles;

/// <summary>
/// The kind of exception an implementation raises where it neither accepts nor rejects (the
/// implementation's own error class, as the adapter protocol names it). Under a profile whose switch
/// says the implementation raises, the reference answers with the kind, as a distinct outcome.
/// </summary>
public enum ImplementationException
{
    /// <summary>A mapping was read at a key it does not have (Python <c>KeyError</c>).</summary>
    [WireToken("key_error")] KeyError,

    /// <summary>A value could not be converted, for example a string to an integer (Python <c>ValueError</c>).</summary>
    [WireToken("value_error")] ValueError,

    /// <summary>An operation met a value of the wrong type (Python <c>TypeError</c>).</summary>
    [WireToken("type_error")] TypeError,

    /// <summary>An attribute or field was read from an object that does not have it (Python <c>AttributeError</c>).</summary>
    [WireToken("attribute_error")] AttributeError,

    /// <summary>An internal assertion failed (Python <c>AssertionError</c>).</summary>
    [WireToken("assertion_error")] AssertionError,

    /// <summary>The implementation reported a state it considers a programming error (Python <c>RuntimeError</c>).</summary>
    [WireToken("runtime_error")] RuntimeError,

    /// <summary>A request-validation error of the implementation that is not an authorisation error (Synapse's <c>SynapseError</c>).</summary>
    [WireToken("synapse_error")] SynapseError,
}
