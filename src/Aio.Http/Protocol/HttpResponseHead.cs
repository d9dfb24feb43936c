namespace Aio.Http.Protocol;

/// <summary>A parsed status line and its header fields, with the framing and connection facts derived from them.</summary>
public sealed class HttpResponseHead
{
    internal HttpResponseHead(HttpProtocolVersion version, int status, string reason, HttpHeaders headers, HttpMessageFacts facts)
    {
        Version = version;
        Status = status;
        Reason = reason;
        Headers = headers;
        Framing = facts.Framing;
        ContentLength = facts.ContentLength;
        KeepAlive = facts.KeepAlive;
    }

    /// <summary>HTTP/1.0 or HTTP/1.1.</summary>
    public HttpProtocolVersion Version { get; }

    /// <summary>The three-digit status code.</summary>
    public int Status { get; }

    /// <summary>The reason phrase (may be empty).</summary>
    public string Reason { get; }

    /// <summary>The header fields in the order received.</summary>
    public HttpHeaders Headers { get; }

    /// <summary>How the body is delimited; <see cref="HttpBodyFraming.UntilClose"/> when neither length nor chunked is given.</summary>
    public HttpBodyFraming Framing { get; }

    /// <summary>The Content-Length, or -1 when the body is not length-delimited.</summary>
    public long ContentLength { get; }

    /// <summary>Whether the connection may be reused after this response's body.</summary>
    public bool KeepAlive { get; }

    /// <summary>Whether this is an informational (1xx) response, after which the real one follows.</summary>
    public bool IsInformational => Status is >= 100 and < 200;

    /// <summary>The status line.</summary>
    public override string ToString() => $"HTTP/{(Version == HttpProtocolVersion.Http11 ? "1.1" : "1.0")} {Status} {Reason}";
}
