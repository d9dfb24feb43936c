namespace Aio.Http.Client;

/// <summary>
/// Time limits for a request (aiohttp's <c>ClientTimeout</c>), in seconds; null means no limit.
/// They run on the loop's clock, so under a virtual clock they take no real time.
/// </summary>
/// <param name="Total">The whole operation: acquiring a connection, sending, reading the response and
/// its body, and every redirect (aiohttp's <c>total</c>; 300 s by default).</param>
/// <param name="Connect">Waiting for a pool slot plus opening the connection (aiohttp's <c>connect</c>).</param>
/// <param name="SockConnect">Opening one connection to the peer, TLS handshake included (aiohttp's <c>sock_connect</c>).</param>
/// <param name="SockRead">The longest wait between two reads of response bytes (aiohttp's <c>sock_read</c>).</param>
public sealed record ClientTimeout(double? Total = 300, double? Connect = null, double? SockConnect = 30, double? SockRead = null)
{
    /// <summary>aiohttp's defaults: five minutes in total, thirty seconds to open a connection.</summary>
    public static ClientTimeout Default { get; } = new();

    /// <summary>No limits at all.</summary>
    public static ClientTimeout None { get; } = new(null, null, null, null);
}
