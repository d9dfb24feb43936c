namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> and returns a reader and a writer
    /// (asyncio's <c>open_connection</c>).
    /// </summary>
    /// <param name="host">A host name or address.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="limit">The reader's limit (see <see cref="AioStreamReader.Limit"/>).</param>
    /// <remarks>Cancel safety: if cancelled while connecting, nothing stays open.</remarks>
    /// <exception cref="System.Net.Sockets.SocketException">The connection failed (refused, unreachable...).</exception>
    /// <param name="ssl">TLS options to talk TLS; <c>TargetHost</c> defaults to <paramref name="host"/>.</param>
    public static async Coroutine<(AioStreamReader Reader, AioStreamWriter Writer)> OpenConnection(string host, int port, int limit = AioStreamReader.DefaultLimit, System.Net.Security.SslClientAuthenticationOptions? ssl = null)
    {
        EventLoop loop = GetRunningLoop();
        var reader = new AioStreamReader(limit, loop);
        var protocol = new StreamReaderProtocol(reader, loop);
        (Transport transport, _) = await loop.CreateConnectionAsync(() => protocol, host, port, ssl);
        return (reader, new AioStreamWriter(transport, protocol, reader));
    }

    /// <summary>Connects to the Unix-domain socket <paramref name="path"/> (asyncio's <c>open_unix_connection</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while connecting, nothing stays open.</remarks>
    public static async Coroutine<(AioStreamReader Reader, AioStreamWriter Writer)> OpenUnixConnection(string path, int limit = AioStreamReader.DefaultLimit)
    {
        EventLoop loop = GetRunningLoop();
        var reader = new AioStreamReader(limit, loop);
        var protocol = new StreamReaderProtocol(reader, loop);
        (Transport transport, _) = await loop.CreateUnixConnectionAsync(() => protocol, path);
        return (reader, new AioStreamWriter(transport, protocol, reader));
    }

    /// <summary>
    /// Listens on <paramref name="host"/>:<paramref name="port"/> and runs <paramref name="clientConnected"/>
    /// as a new task for each connection (asyncio's <c>start_server</c>). A null host listens on every
    /// interface; port 0 picks a free port (see <see cref="AioServer.Sockets"/>).
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while starting, the server is closed.</remarks>
    /// <exception cref="System.Net.Sockets.SocketException">The address cannot be bound (for example, already in use).</exception>
    /// <param name="clientConnected">Runs as a new task for each connection.</param>
    /// <param name="host">The address or name to listen on; null for every interface.</param>
    /// <param name="port">The port; 0 for any free one.</param>
    /// <param name="limit">The limit of each connection's reader.</param>
    /// <param name="backlog">The listen queue length.</param>
    /// <param name="reusePort">Sets <c>SO_REUSEPORT</c>, so that the loops of a loop group can share the port.</param>
    /// <param name="ssl">TLS options to serve TLS; the callback runs after each handshake.</param>
    public static Coroutine<AioServer> StartServer(
        Func<AioStreamReader, AioStreamWriter, Coroutine> clientConnected, string? host, int port,
        int limit = AioStreamReader.DefaultLimit, int backlog = 100, bool reusePort = false,
        System.Net.Security.SslServerAuthenticationOptions? ssl = null)
    {
        ArgumentNullException.ThrowIfNull(clientConnected);
        EventLoop loop = GetRunningLoop();
        return loop.CreateServerAsync(StreamFactory(loop, clientConnected, limit), host, port, backlog, reusePort, ssl: ssl);
    }

    /// <summary>Listens on the Unix-domain socket <paramref name="path"/> (asyncio's <c>start_unix_server</c>).</summary>
    public static Coroutine<AioServer> StartUnixServer(
        Func<AioStreamReader, AioStreamWriter, Coroutine> clientConnected, string path,
        int limit = AioStreamReader.DefaultLimit, int backlog = 100)
    {
        ArgumentNullException.ThrowIfNull(clientConnected);
        EventLoop loop = GetRunningLoop();
        return loop.CreateUnixServerAsync(StreamFactory(loop, clientConnected, limit), path, backlog);
    }

    private static Func<BaseProtocol> StreamFactory(EventLoop loop, Func<AioStreamReader, AioStreamWriter, Coroutine> clientConnected, int limit)
    {
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Limit cannot be <= 0");
        }

        return () => new StreamReaderProtocol(new AioStreamReader(limit, loop), loop, clientConnected);
    }
}
