using System.Net;
using System.Net.Security;

namespace Aio.Http.Server;

/// <summary>Listens on a TCP host and port (aiohttp's <c>TCPSite</c>); loopback unless told otherwise, port 0 picks a free one.</summary>
public sealed class TcpSite : BaseSite
{
    private readonly int _backlog;
    private readonly bool _reusePort;
    private readonly SslServerAuthenticationOptions? _ssl;

    /// <summary>Creates the site; <paramref name="host"/> null listens on every interface.</summary>
    public TcpSite(AppRunner runner, string? host = "127.0.0.1", int port = 8080, int backlog = 128, bool reusePort = false, SslServerAuthenticationOptions? ssl = null)
        : base(runner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        RequestedPort = port;
        _backlog = backlog;
        _reusePort = reusePort;
        _ssl = ssl;
    }

    /// <summary>The host listened on.</summary>
    public string? Host { get; }

    /// <summary>The port asked for (0: any free one).</summary>
    public int RequestedPort { get; }

    /// <summary>The port bound, once started.</summary>
    public int Port => Server?.Sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).FirstOrDefault() ?? RequestedPort;

    /// <inheritdoc />
    public override string Name => $"{(_ssl is null ? "http" : "https")}://{(Host is null ? "0.0.0.0" : Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";

    private protected override Coroutine<AioServer> CreateServerAsync(EventLoop loop) =>
        loop.CreateServerAsync(Runner.NewConnection, Host, RequestedPort, _backlog, _reusePort, ssl: _ssl);
}
