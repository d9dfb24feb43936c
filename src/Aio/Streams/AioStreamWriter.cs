using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Aio;

/// <summary>
/// The writing side of a stream connection (asyncio's <c>StreamWriter</c>): writes go to the transport's
/// buffer at once and never block; <see cref="DrainAsync"/> waits while that buffer is over its
/// high-water mark, which is how a writer keeps up with a slow reader without growing memory.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AioStreamWriter
{
    private readonly StreamReaderProtocol _protocol;
    private readonly AioStreamReader? _reader;

    internal AioStreamWriter(Transport transport, StreamReaderProtocol protocol, AioStreamReader? reader)
    {
        Transport = transport;
        _protocol = protocol;
        _reader = reader;
    }

    /// <summary>The underlying transport (asyncio's <c>transport</c>); a new one after <see cref="StartTlsAsync(System.Net.Security.SslClientAuthenticationOptions)"/>.</summary>
    public Transport Transport { get; private set; }

    /// <summary>Whether the transport is closing or closed (asyncio's <c>is_closing()</c>).</summary>
    public bool IsClosing => Transport.IsClosing;

    /// <summary>Describes the writer as asyncio's repr does.</summary>
    public override string ToString() => $"<AioStreamWriter transport={Transport}{(_reader is null ? string.Empty : $" reader={_reader}")}>";

    /// <summary>Queues <paramref name="data"/> for sending (asyncio's <c>write</c>); follow with <see cref="DrainAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">Called after <see cref="WriteEof"/>.</exception>
    public void Write(ReadOnlySpan<byte> data) => Transport.Write(data);

    /// <summary>Queues several buffers in order (asyncio's <c>writelines</c>).</summary>
    public void WriteLines(IEnumerable<byte[]> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Transport.WriteLines(data.Select(d => (ReadOnlyMemory<byte>)d));
    }

    /// <summary>Closes the sending side once buffered data is sent (asyncio's <c>write_eof</c>).</summary>
    public void WriteEof() => Transport.WriteEof();

    /// <summary>Whether the transport supports <see cref="WriteEof"/> (asyncio's <c>can_write_eof</c>).</summary>
    public bool CanWriteEof() => Transport.CanWriteEof();

    /// <summary>Closes the transport; buffered data is still sent (asyncio's <c>close</c>). Follow with <see cref="WaitClosedAsync"/>.</summary>
    public void Close() => Transport.Close();

    /// <summary>Transport information (asyncio's <c>get_extra_info</c>): <c>"peername"</c>, <c>"sockname"</c>, <c>"socket"</c>...</summary>
    public object? GetExtraInfo(string name, object? defaultValue = null) => Transport.GetExtraInfo(name, defaultValue);

    /// <summary>Waits until the connection is closed (asyncio's <c>wait_closed</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while waiting, the connection is unaffected.</remarks>
    /// <exception cref="System.Net.Sockets.SocketException">The connection ended with an error (for example, reset by the peer).</exception>
    public async Coroutine WaitClosedAsync() => await _protocol.Closed;

    /// <summary>
    /// Upgrades the connection to TLS as the client (asyncio's <c>start_tls</c>): drains, runs the
    /// handshake, and from then on reads and writes go through TLS.
    /// </summary>
    /// <remarks>
    /// Set <c>TargetHost</c> in <paramref name="ssl"/> (asyncio's <c>server_hostname</c>).
    /// Cancel safety: if cancelled during the handshake, the connection is aborted.
    /// </remarks>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed.</exception>
    public async Coroutine StartTlsAsync(System.Net.Security.SslClientAuthenticationOptions ssl)
    {
        await DrainAsync();
        ReplaceTransport(await Asyncio.GetRunningLoop().StartTlsAsync(Transport, _protocol, ssl));
    }

    /// <summary>Upgrades the connection to TLS as the server (asyncio's <c>start_tls</c> on a server's writer).</summary>
    /// <remarks>Cancel safety: if cancelled during the handshake, the connection is aborted.</remarks>
    public async Coroutine StartTlsAsync(System.Net.Security.SslServerAuthenticationOptions ssl)
    {
        await DrainAsync();
        ReplaceTransport(await Asyncio.GetRunningLoop().StartTlsAsync(Transport, _protocol, ssl));
    }

    /// <summary>asyncio's <c>_replace_writer</c>: the writer and its reader now use the TLS transport.</summary>
    private void ReplaceTransport(Transport transport)
    {
        Transport = transport;
        _reader?.ReplaceTransport(transport);
    }

    /// <summary>
    /// Waits until it is appropriate to write again (asyncio's <c>drain</c>): returns at once unless the
    /// write buffer is over its high-water mark, then waits for it to drain to the low-water mark. If the
    /// transport is closing it yields once first, so that a lost connection is reported.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while waiting, the data stays queued; only the wait ends.</remarks>
    /// <exception cref="System.Net.Sockets.SocketException">The connection was lost (reset by the peer, or closed).</exception>
    public async Coroutine DrainAsync()
    {
        if (_reader?.Exception is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        if (Transport.IsClosing)
        {
            // Let connection_lost() run, so a closed connection raises instead of looping forever.
            await Asyncio.Sleep(0);
        }

        if (_protocol.DrainWaiter() is { } waiter)
        {
            try
            {
                await waiter;
            }
            finally
            {
                _protocol.RemoveDrainWaiter(waiter);
            }
        }
    }
}
