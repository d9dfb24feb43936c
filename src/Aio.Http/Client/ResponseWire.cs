namespace Aio.Http.Client;

/// <summary>A parsed status line and header section.</summary>
internal sealed record ResponseHead(HttpProtocolVersion Version, int Status, string Reason, ClientHeaders Headers);

/// <summary>
/// The client's seam to the shared HTTP/1.1 parser (Protocol/): everything the client needs from it.
/// The client never parses HTTP itself; it frames bodies with what these calls report.
/// </summary>
internal interface IResponseWire
{
    /// <summary>
    /// Parses a response head at the start of <paramref name="data"/>: null while incomplete.
    /// </summary>
    /// <exception cref="ClientPayloadError">The head is malformed (the connection must be closed).</exception>
    ResponseHead? TryParseHead(ReadOnlySpan<byte> data, out int consumed);

    /// <summary>A new decoder for one chunked body.</summary>
    IChunkedBody NewChunkedBody();
}

/// <summary>Decodes one chunked body incrementally, without copying.</summary>
internal interface IChunkedBody
{
    /// <summary>True once the last chunk and the trailer section have been read.</summary>
    bool IsComplete { get; }

    /// <summary>
    /// Decodes from <paramref name="input"/>: reports the next run of payload bytes as a slice of the
    /// input (<paramref name="dataOffset"/>, <paramref name="dataLength"/>; zero length when the input
    /// held only framing) and how much of the input was used. Returns false when more input is needed.
    /// </summary>
    /// <exception cref="ClientPayloadError">A malformed chunk size, extension or trailer.</exception>
    bool TryDecode(ReadOnlySpan<byte> input, out int consumed, out int dataOffset, out int dataLength);
}
