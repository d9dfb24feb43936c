namespace Aio.Http.Protocol;

/// <summary>
/// Input that is not valid HTTP/1.1 (RFC 9112) or that passes a parser limit. <see cref="Status"/> is the
/// 4xx (or 5xx) status a server sends before closing the connection.
/// </summary>
public sealed class HttpParseException : Exception
{
    /// <summary>Creates the error with the status to answer and a message that says what was wrong.</summary>
    public HttpParseException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>Creates a 400 Bad Request error.</summary>
    public HttpParseException(string message)
        : this(400, message)
    {
    }

    /// <summary>Creates a 400 Bad Request error with a generic message.</summary>
    public HttpParseException()
        : this(400, "bad request")
    {
    }

    /// <summary>Creates a 400 Bad Request error caused by another.</summary>
    public HttpParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
    }

    /// <summary>The status to answer with: 400, 413, 414, 431, 501 or 505.</summary>
    public int Status { get; }
}
