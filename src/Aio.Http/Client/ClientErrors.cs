namespace Aio.Http.Client;

/// <summary>The base of every client error (aiohttp's <c>ClientError</c>).</summary>
public class ClientError : Exception
{
    /// <summary>Creates the error.</summary>
    public ClientError(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A connection could not be opened (aiohttp's <c>ClientConnectorError</c>): refused, unresolvable, TLS failure.</summary>
public class ClientConnectorError : ClientError
{
    /// <summary>Creates the error.</summary>
    public ClientConnectorError(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The server closed the connection before a full response arrived (aiohttp's <c>ServerDisconnectedError</c>).</summary>
public class ServerDisconnectedError : ClientError
{
    /// <summary>Creates the error.</summary>
    public ServerDisconnectedError(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The response could not be parsed or its body was cut short (aiohttp's <c>ClientPayloadError</c>).</summary>
public class ClientPayloadError : ClientError
{
    /// <summary>Creates the error.</summary>
    public ClientPayloadError(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// A time limit of <see cref="ClientTimeout"/> passed (aiohttp's <c>ServerTimeoutError</c> and
/// <c>ConnectionTimeoutError</c>); it is a <see cref="TimeoutException"/> as in aiohttp, where it is
/// an <c>asyncio.TimeoutError</c>.
/// </summary>
public class ClientTimeoutError : TimeoutException
{
    /// <summary>Creates the error.</summary>
    public ClientTimeoutError(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A response with a 4xx or 5xx status, raised by <see cref="ClientResponse.RaiseForStatus"/> (aiohttp's <c>ClientResponseError</c>).</summary>
public class ClientResponseError : ClientError
{
    /// <summary>Creates the error.</summary>
    public ClientResponseError(int status, string reason, Uri url, IReadOnlyList<ClientResponse>? history = null, string? message = null)
        : base(message ?? $"{status}, message='{reason}', url='{url}'")
    {
        Status = status;
        Reason = reason;
        Url = url;
        History = history ?? [];
    }

    /// <summary>The status code.</summary>
    public int Status { get; }

    /// <summary>The reason phrase.</summary>
    public string Reason { get; }

    /// <summary>The URL that was requested last.</summary>
    public Uri Url { get; }

    /// <summary>The redirects that led there.</summary>
    public IReadOnlyList<ClientResponse> History { get; }
}

/// <summary>More redirects than allowed (aiohttp's <c>TooManyRedirects</c>).</summary>
public class TooManyRedirectsError : ClientResponseError
{
    /// <summary>Creates the error.</summary>
    public TooManyRedirectsError(int status, string reason, Uri url, IReadOnlyList<ClientResponse> history)
        : base(status, reason, url, history, $"Too many redirects ({history.Count}), last to '{url}'")
    {
    }
}

/// <summary>A URL the client cannot request: not absolute, not http(s), or with no host (aiohttp's <c>InvalidURL</c>).</summary>
public class InvalidUrlError : ClientError
{
    /// <summary>Creates the error.</summary>
    public InvalidUrlError(string url, string why)
        : base($"Invalid URL '{url}': {why}")
    {
        Url = url;
    }

    /// <summary>The URL as given.</summary>
    public string Url { get; }
}
