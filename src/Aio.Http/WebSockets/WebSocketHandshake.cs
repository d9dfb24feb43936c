using System.Security.Cryptography;
using System.Text;

namespace Aio.Http.WebSockets;

/// <summary>
/// The opening handshake's computations (RFC 6455 section 4): the client's key, the server's accept
/// value, key validation and subprotocol selection. Independent of any HTTP type, so the server, the
/// client and the hand-made handshakes of the tests share them.
/// </summary>
public static class WebSocketHandshake
{
    /// <summary>The only protocol version RFC 6455 defines, sent as <c>Sec-WebSocket-Version</c>.</summary>
    public const string Version = "13";

    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>A fresh <c>Sec-WebSocket-Key</c>: 16 random bytes, base64-encoded.</summary>
    public static string CreateKey()
    {
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        return Convert.ToBase64String(nonce);
    }

    /// <summary>The <c>Sec-WebSocket-Accept</c> value for a key: base64(SHA-1(key + the RFC's GUID)).</summary>
    public static string ComputeAccept(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 here; it proves the server read the key, it protects nothing.
        SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + Guid), hash);
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    /// <summary>Whether a <c>Sec-WebSocket-Key</c> is what section 4.1 requires: base64 of exactly 16 bytes.</summary>
    public static bool IsValidKey(string? key)
    {
        if (key is null)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[18];
        return Convert.TryFromBase64String(key.Trim(), decoded, out int written) && written == 16;
    }

    /// <summary>
    /// The subprotocol a server answers with: the first of the client's offers (in the client's order,
    /// as aiohttp does) that the server supports; null when none matches or none was offered.
    /// </summary>
    /// <param name="offered">The <c>Sec-WebSocket-Protocol</c> header values, each possibly a comma-separated list.</param>
    /// <param name="supported">The server's protocols.</param>
    public static string? SelectProtocol(IEnumerable<string> offered, IReadOnlyCollection<string> supported)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(supported);
        foreach (string value in offered)
        {
            foreach (string candidate in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (supported.Contains(candidate, StringComparer.Ordinal))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a comma-separated header value lists <paramref name="token"/> (case-insensitive), as <c>Connection: keep-alive, Upgrade</c> does.</summary>
    internal static bool HasToken(string? value, string token)
    {
        if (value is null)
        {
            return false;
        }

        foreach (string part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Checks a client's upgrade request (section 4.2.1) and returns the accept value and the chosen
    /// subprotocol. <paramref name="header"/> returns a header's values joined by commas, or null.
    /// </summary>
    /// <exception cref="WsHandshakeError">The request is not a valid WebSocket upgrade; its status is 400 (or 426 for a wrong version).</exception>
    internal static (string Accept, string? Protocol) ValidateRequest(string method, Func<string, string?> header, IReadOnlyCollection<string> protocols)
    {
        if (!method.Equals("GET", StringComparison.Ordinal))
        {
            throw new WsHandshakeError(405, $"WebSocket upgrade needs GET, not {method}");
        }

        if (!header("Upgrade")?.Split(',', StringSplitOptions.TrimEntries).Contains("websocket", StringComparer.OrdinalIgnoreCase) ?? true)
        {
            throw new WsHandshakeError(400, $"No WebSocket UPGRADE hdr: {header("Upgrade")}\n Can \"Upgrade\" only to \"WebSocket\".");
        }

        if (!HasToken(header("Connection"), "upgrade"))
        {
            throw new WsHandshakeError(400, $"No CONNECTION upgrade hdr: {header("Connection")}");
        }

        string? version = header("Sec-WebSocket-Version")?.Trim();
        if (version != Version)
        {
            throw new WsHandshakeError(426, $"Unsupported version: {version}");
        }

        string? key = header("Sec-WebSocket-Key");
        if (!IsValidKey(key))
        {
            throw new WsHandshakeError(400, $"Handshake error: {key}");
        }

        string? offered = header("Sec-WebSocket-Protocol");
        string? protocol = offered is null ? null : SelectProtocol([offered], protocols);
        return (ComputeAccept(key!), protocol);
    }

    /// <summary>
    /// Checks a server's answer to our upgrade (section 4.1, the client's duties) and returns the
    /// subprotocol it chose.
    /// </summary>
    /// <exception cref="WsHandshakeError">The answer is not a valid acceptance.</exception>
    internal static string? ValidateResponse(int status, Func<string, string?> header, string key, IReadOnlyCollection<string> protocols)
    {
        if (status != 101)
        {
            throw new WsHandshakeError(status, $"Invalid response status {status}");
        }

        if (!string.Equals(header("Upgrade")?.Trim(), "websocket", StringComparison.OrdinalIgnoreCase))
        {
            throw new WsHandshakeError(status, "Invalid upgrade header");
        }

        if (!HasToken(header("Connection"), "upgrade"))
        {
            throw new WsHandshakeError(status, "Invalid connection header");
        }

        if (header("Sec-WebSocket-Accept")?.Trim() != ComputeAccept(key))
        {
            throw new WsHandshakeError(status, "Invalid challenge response");
        }

        string? protocol = header("Sec-WebSocket-Protocol")?.Trim();
        if (protocol is not null && !protocols.Contains(protocol, StringComparer.Ordinal))
        {
            throw new WsHandshakeError(status, $"Server chose subprotocol {protocol}, which was not offered");
        }

        if (header("Sec-WebSocket-Extensions") is { Length: > 0 } extensions)
        {
            throw new WsHandshakeError(status, $"Server negotiated extensions that were not offered: {extensions}");
        }

        return protocol;
    }
}
