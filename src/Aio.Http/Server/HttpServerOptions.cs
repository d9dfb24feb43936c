using Aio.Http.Protocol;

namespace Aio.Http.Server;

/// <summary>
/// Connection-level settings of the server (aiohttp's <c>AppRunner</c>/<c>RequestHandler</c> keyword
/// arguments). Timeouts run on the loop's clock, so they take no real time under <c>VirtualTime</c>.
/// </summary>
public sealed record HttpServerOptions
{
    /// <summary>The shared defaults.</summary>
    public static HttpServerOptions Default { get; } = new();

    /// <summary>Request line, header field and header count limits (aiohttp's 8190-byte defaults).</summary>
    public HttpParserLimits ParserLimits { get; init; } = HttpParserLimits.Default;

    /// <summary>
    /// How long a client may take to send a whole request head, from its first byte (or from the
    /// connection's start for its first request): the defence against slow-loris clients. A head still
    /// incomplete then is answered with 408 and the connection closed.
    /// </summary>
    public TimeSpan HeaderReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a handler reading the request body waits for the next bytes of it; then the read raises
    /// a 408 <see cref="HttpException"/> and the connection closes after the response.
    /// </summary>
    public TimeSpan BodyReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an idle keep-alive connection waits for the next request (aiohttp's <c>keepalive_timeout</c>, 75 s).</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>How long graceful shutdown lets in-flight requests finish before closing their connections (aiohttp's <c>shutdown_timeout</c>, 60 s).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Unread request body the server discards to keep a connection alive after a response; more closes it.</summary>
    public int MaxDrainBytes { get; init; } = 256 * 1024;

    /// <summary>The <c>Server</c> header sent with every response; null sends none.</summary>
    public string? ServerHeader { get; init; } = "Aio.Http";
}
