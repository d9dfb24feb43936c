namespace Aio;

/// <summary>
/// asyncio's <c>SendfileNotAvailableError</c>: <see cref="EventLoop.SendfileAsync"/> was told not to fall
/// back to reading and writing (<c>fallback: false</c>) and the kernel cannot send this file on this
/// transport (TLS, a pipe, a non-regular file).
/// </summary>
public sealed class SendfileNotAvailableError : NotSupportedException
{
    /// <summary>Creates the error.</summary>
    public SendfileNotAvailableError()
        : base("sendfile is not available for this transport and file")
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public SendfileNotAvailableError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public SendfileNotAvailableError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
