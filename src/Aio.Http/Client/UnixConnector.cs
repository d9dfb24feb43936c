namespace Aio.Http.Client;

/// <summary>
/// Every connection goes to one Unix-domain socket, whatever the URL's host (aiohttp's
/// <c>UnixConnector</c>): <c>new ClientSession(connector: new UnixConnector("/run/app.sock"))</c>,
/// then request <c>http://localhost/path</c>.
/// </summary>
public sealed class UnixConnector : BaseConnector
{
    /// <summary>Creates a connector to the socket at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public UnixConnector(string path, int limit = 100, int limitPerHost = 0, double? keepAliveTimeout = 15)
        : base(limit, limitPerHost, keepAliveTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The socket's path.</summary>
    public string Path { get; }

    internal override async Coroutine ConnectAsync(ConnectionKey key, ClientConnection connection, ClientTimeout timeout)
    {
        try
        {
            await using (Asyncio.Timeout(timeout.SockConnect))
            {
                await Asyncio.GetRunningLoop().CreateUnixConnectionAsync(() => connection, Path);
            }
        }
        catch (TimeoutException e)
        {
            throw new ClientTimeoutError($"Connection timeout to {Path}", e);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new ClientConnectorError($"Cannot connect to unix socket {Path} [{e.Message}]", e);
        }
    }
}
