namespace Aio.Data;

/// <summary>
/// A misuse of a connection, cursor, transaction or pool rather than an error from the server
/// (asyncpg's <c>InterfaceError</c>): a second operation while one is in progress, a closed
/// connection, a transaction used after it ended.
/// </summary>
public class InterfaceError : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public InterfaceError()
    {
    }

    /// <summary>Creates the error with its message.</summary>
    public InterfaceError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its message and cause.</summary>
    public InterfaceError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
