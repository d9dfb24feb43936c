namespace Aio;

/// <summary>
/// The loop's side of a connection, pipe or socket (asyncio's <c>BaseTransport</c>). Transports are
/// made by the loop (<c>CreateConnectionAsync</c>, servers, subprocesses) and used from the loop thread.
/// </summary>
public abstract class BaseTransport
{
    // Made on the first SetExtra: most transports answer from LookupExtra, and an idle connection
    // should not hold an empty dictionary (issue 12).
    private Dictionary<string, object?>? _extra;

    /// <summary>
    /// Closes the transport (asyncio's <c>close</c>): buffered data is still sent, then the protocol's
    /// <see cref="BaseProtocol.ConnectionLost"/> is called with null. Closing twice does nothing.
    /// </summary>
    public abstract void Close();

    /// <summary>Whether the transport is closing or closed (asyncio's <c>is_closing</c>).</summary>
    public abstract bool IsClosing { get; }

    /// <summary>
    /// Optional information about the transport (asyncio's <c>get_extra_info</c>): <c>"peername"</c>
    /// and <c>"sockname"</c> (an <see cref="System.Net.EndPoint"/>), <c>"socket"</c> (the
    /// <see cref="System.Net.Sockets.Socket"/>), <c>"sslcontext"</c>, <c>"peercert"</c>, <c>"cipher"</c> on TLS, <c>"pipe"</c> on pipes.
    /// </summary>
    /// <returns>The value, or <paramref name="defaultValue"/> if the transport has no such information.</returns>
    public object? GetExtraInfo(string name, object? defaultValue = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _extra is not null && _extra.TryGetValue(name, out object? value) ? value : LookupExtra(name, defaultValue);
    }

    /// <summary>Replaces the protocol that receives this transport's events (asyncio's <c>set_protocol</c>).</summary>
    public abstract void SetProtocol(BaseProtocol protocol);

    /// <summary>The protocol receiving this transport's events (asyncio's <c>get_protocol</c>).</summary>
    public abstract BaseProtocol GetProtocol();

    /// <summary>Records an extra-info value.</summary>
    internal void SetExtra(string name, object? value) => (_extra ??= new(StringComparer.Ordinal))[name] = value;

    /// <summary>Computes extra info not stored up front (for example a socket's address, asked for rarely).</summary>
    private protected virtual object? LookupExtra(string name, object? defaultValue) => defaultValue;
}
