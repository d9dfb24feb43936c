namespace Aio.Http.Protocol;

/// <summary>A parsed request line and its header fields, with the framing and connection facts derived from them.</summary>
public sealed class HttpRequestHead
{
    internal HttpRequestHead(string method, string target, HttpProtocolVersion version, HttpHeaders headers, HttpMessageFacts facts)
    {
        Method = method;
        Target = target;
        Version = version;
        Headers = headers;
        Framing = facts.Framing;
        ContentLength = facts.ContentLength;
        KeepAlive = facts.KeepAlive;
        ExpectContinue = facts.ExpectContinue;
        IsUpgrade = facts.Upgrade;
    }

    /// <summary>The method token as sent (methods are case-sensitive: <c>GET</c>, not <c>get</c>).</summary>
    public string Method { get; }

    /// <summary>The request target as sent: origin form (<c>/path?query</c>), absolute form, <c>*</c> or an authority.</summary>
    public string Target { get; }

    /// <summary>The target up to its <c>?</c> (still percent-encoded).</summary>
    public string Path
    {
        get
        {
            int q = Target.IndexOf('?', StringComparison.Ordinal);
            return q < 0 ? Target : Target[..q];
        }
    }

    /// <summary>The target after its <c>?</c> (still percent-encoded), or empty.</summary>
    public string QueryString
    {
        get
        {
            int q = Target.IndexOf('?', StringComparison.Ordinal);
            return q < 0 ? string.Empty : Target[(q + 1)..];
        }
    }

    /// <summary>HTTP/1.0 or HTTP/1.1.</summary>
    public HttpProtocolVersion Version { get; }

    /// <summary>The header fields in the order received.</summary>
    public HttpHeaders Headers { get; }

    /// <summary>How the body is delimited: <see cref="HttpBodyFraming.None"/>, a length, or chunked.</summary>
    public HttpBodyFraming Framing { get; }

    /// <summary>The Content-Length, or -1 when the body is not length-delimited.</summary>
    public long ContentLength { get; }

    /// <summary>Whether the connection may carry another request after this one (HTTP/1.1 default, or 1.0 with keep-alive).</summary>
    public bool KeepAlive { get; }

    /// <summary>Whether the client sent <c>Expect: 100-continue</c> and waits for a 100 before sending the body.</summary>
    public bool ExpectContinue { get; }

    /// <summary>Whether the client asks to switch protocols (<c>Connection: upgrade</c> with an <c>Upgrade</c> field).</summary>
    public bool IsUpgrade { get; }

    /// <summary>The request line.</summary>
    public override string ToString() => $"{Method} {Target} HTTP/{(Version == HttpProtocolVersion.Http11 ? "1.1" : "1.0")}";
}
