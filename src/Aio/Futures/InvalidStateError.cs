namespace Aio;

/// <summary>
/// A future was asked for something its state does not allow: its result before it is done, or a
/// second result (asyncio's <c>InvalidStateError</c>).
/// </summary>
public class InvalidStateError : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public InvalidStateError()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public InvalidStateError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    public InvalidStateError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
