namespace Aio.Http.Protocol;

/// <summary>
/// The sizes a parser accepts; the defaults are aiohttp's (8190-byte request line and header field).
/// Passing a limit raises <see cref="HttpParseException"/> with 414 (request line) or 431 (header fields).
/// </summary>
public sealed record HttpParserLimits
{
    /// <summary>The shared default limits.</summary>
    public static HttpParserLimits Default { get; } = new();

    /// <summary>Longest request line or status line, in bytes, without its CRLF (aiohttp's <c>max_line_size</c>).</summary>
    public int MaxLineSize { get; init; } = 8190;

    /// <summary>Longest header field line, in bytes, without its CRLF (aiohttp's <c>max_field_size</c>).</summary>
    public int MaxFieldSize { get; init; } = 8190;

    /// <summary>Most header fields in one head (and in a chunked body's trailers).</summary>
    public int MaxHeaders { get; init; } = 128;

    /// <summary>Longest chunk-size line (size and extensions) in a chunked body.</summary>
    public int MaxChunkLineSize { get; init; } = 4096;
}
