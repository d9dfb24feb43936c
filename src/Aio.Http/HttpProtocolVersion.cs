namespace Aio.Http;

/// <summary>The HTTP versions Aio.Http speaks on the wire: HTTP/1.0 and HTTP/1.1.</summary>
public enum HttpProtocolVersion
{
    /// <summary>HTTP/1.0: no keep-alive unless asked for, no chunked transfer coding.</summary>
    Http10 = 10,

    /// <summary>HTTP/1.1 (RFC 9112): keep-alive by default, chunked transfer coding, pipelining.</summary>
    Http11 = 11,
}
