using System.Net.Security;

namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Upgrades an established connection to TLS as the client (asyncio's <c>start_tls</c>) and returns
    /// the new transport; the old one must not be used any more. <paramref name="protocol"/> keeps
    /// receiving, now plaintext, without a second <c>ConnectionMade</c>.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled during the handshake, the connection is aborted.</remarks>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed; the connection is closed.</exception>
    /// <exception cref="NotSupportedException">The transport is not a plain socket transport.</exception>
    public Coroutine<Transport> StartTlsAsync(Transport transport, BaseProtocol protocol, SslClientAuthenticationOptions ssl) =>
        StartTlsCoreAsync(transport, protocol, ssl);

    /// <summary>Upgrades an established connection to TLS as the server (asyncio's <c>start_tls(server_side=True)</c>).</summary>
    /// <remarks>Cancel safety: if cancelled during the handshake, the connection is aborted.</remarks>
    public Coroutine<Transport> StartTlsAsync(Transport transport, BaseProtocol protocol, SslServerAuthenticationOptions ssl) =>
        StartTlsCoreAsync(transport, protocol, ssl);

    private async Coroutine<Transport> StartTlsCoreAsync(Transport transport, BaseProtocol protocol, object ssl)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(ssl);
        if (transport is not SocketTransport raw)
        {
            throw new NotSupportedException($"start_tls needs a socket transport, not {transport.GetType().Name}");
        }

        var waiter = CreateFuture<bool>();
        TlsTransport tls = TlsTransport.Upgrade(this, raw, protocol, ssl, waiter);
        try
        {
            await waiter;
        }
        catch
        {
            tls.Abort();
            throw;
        }

        return tls;
    }
}
