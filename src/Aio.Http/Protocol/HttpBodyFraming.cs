namespace Aio.Http.Protocol;

/// <summary>How the message body after a head is delimited (RFC 9112 section 6.3).</summary>
public enum HttpBodyFraming
{
    /// <summary>No body (a request without Content-Length or Transfer-Encoding, a 1xx/204/304 or HEAD response).</summary>
    None,

    /// <summary>Exactly <c>ContentLength</c> bytes follow.</summary>
    ContentLength,

    /// <summary>The chunked transfer coding.</summary>
    Chunked,

    /// <summary>The body runs until the connection closes (responses only).</summary>
    UntilClose,
}
