namespace Aio.Http.Protocol;

/// <summary>What the framing and connection fields of a head say, computed once per head.</summary>
internal struct HttpMessageFacts
{
    public HttpBodyFraming Framing;
    public long ContentLength;
    public bool KeepAlive;
    public bool ExpectContinue;
    public bool Upgrade;
}
