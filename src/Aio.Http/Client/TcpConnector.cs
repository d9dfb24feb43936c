using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Aio.Http.Client;

/// <summary>
/// Connections over TCP, with TLS for https (aiohttp's <c>TCPConnector</c>): names are resolved off the
/// loop thread and remembered for <see cref="DnsCacheTtl"/> seconds; each address is tried in turn.
/// </summary>
public sealed class TcpConnector : BaseConnector
{
    private readonly DnsCache _dns;

    /// <summary>Creates a TCP connector.</summary>
    /// <param name="limit">Open connections in all; 0 for no limit.</param>
    /// <param name="limitPerHost">Open connections to one host and port; 0 for no limit.</param>
    /// <param name="keepAliveTimeout">Seconds an idle connection is kept.</param>
    /// <param name="dnsCacheTtl">Seconds a resolved name is remembered (aiohttp's <c>ttl_dns_cache</c>, 10 by
    /// default); 0 resolves every time, null remembers forever.</param>
    /// <param name="ssl">TLS options for https; null uses the system's certificate validation. <c>TargetHost</c>
    /// is set to the URL's host for each connection.</param>
    public TcpConnector(int limit = 100, int limitPerHost = 0, double? keepAliveTimeout = 15, double? dnsCacheTtl = 10, SslClientAuthenticationOptions? ssl = null)
        : base(limit, limitPerHost, keepAliveTimeout)
    {
        DnsCacheTtl = dnsCacheTtl;
        Ssl = ssl;
        _dns = new DnsCache(dnsCacheTtl);
    }

    /// <summary>Seconds a resolved name is remembered.</summary>
    public double? DnsCacheTtl { get; }

    /// <summary>The TLS options https connections start from.</summary>
    public SslClientAuthenticationOptions? Ssl { get; }

    /// <summary>Forgets resolved names: one host, or all when <paramref name="host"/> is null.</summary>
    public void ClearDnsCache(string? host = null) => _dns.Clear(host);

    internal DnsCache Dns => _dns;

    internal override async Coroutine ConnectAsync(ConnectionKey key, ClientConnection connection, ClientTimeout timeout)
    {
        IPAddress[] addresses = await _dns.ResolveAsync(key.Host);
        EventLoop loop = Asyncio.GetRunningLoop();
        SslClientAuthenticationOptions? ssl = key.IsTls ? TlsFor(key.Host) : null;
        Exception? last = null;
        foreach (IPAddress address in addresses)
        {
            try
            {
                await using (Asyncio.Timeout(timeout.SockConnect))
                {
                    var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
                    try
                    {
                        await loop.SockConnectAsync(socket, new IPEndPoint(address, key.Port));
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }

                    await loop.CreateConnectionAsync(() => connection, socket, ssl);
                }

                return;
            }
            catch (TimeoutException e)
            {
                throw new ClientTimeoutError($"Connection timeout to host {key}", e);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }

        throw new ClientConnectorError($"Cannot connect to host {key.Host}:{key.Port} ssl:{(key.IsTls ? "default" : "False")} [{last?.Message}]", last);
    }

    private SslClientAuthenticationOptions TlsFor(string host)
    {
        SslClientAuthenticationOptions baseOptions = Ssl ?? new SslClientAuthenticationOptions();
        return new SslClientAuthenticationOptions
        {
            TargetHost = baseOptions.TargetHost ?? host,
            RemoteCertificateValidationCallback = baseOptions.RemoteCertificateValidationCallback,
            ClientCertificates = baseOptions.ClientCertificates,
            EnabledSslProtocols = baseOptions.EnabledSslProtocols,
            CertificateRevocationCheckMode = baseOptions.CertificateRevocationCheckMode,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        };
    }
}
