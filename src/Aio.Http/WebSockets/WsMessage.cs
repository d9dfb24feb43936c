using System.Text.Json;

namespace Aio.Http.WebSockets;

/// <summary>
/// One received message (aiohttp's <c>WSMessage</c>): its <see cref="Type"/>, and the data that goes with it.
/// </summary>
public sealed class WsMessage
{
    internal static readonly WsMessage ClosingMessage = new(WsMsgType.Closing, [], null, null, null);
    internal static readonly WsMessage ClosedMessage = new(WsMsgType.Closed, [], null, null, null);

    private WsMessage(WsMsgType type, byte[] data, string? text, WsCloseCode? closeCode, Exception? exception)
    {
        Type = type;
        Data = data;
        Text = text;
        CloseCode = closeCode;
        Exception = exception;
    }

    /// <summary>What kind of message this is.</summary>
    public WsMsgType Type { get; }

    /// <summary>The payload: the message of a binary frame, ping or pong; the UTF-8 bytes of a text message; empty otherwise.</summary>
    public byte[] Data { get; }

    /// <summary>The text of a <see cref="WsMsgType.Text"/> message, or the reason of a <see cref="WsMsgType.Close"/>; otherwise null.</summary>
    public string? Text { get; }

    /// <summary>The peer's close code for a <see cref="WsMsgType.Close"/> message (null when its close frame had no code).</summary>
    public WsCloseCode? CloseCode { get; }

    /// <summary>Why the connection failed, for a <see cref="WsMsgType.Error"/> message.</summary>
    public Exception? Exception { get; }

    /// <summary>Deserialises a text or binary message as JSON (aiohttp's <c>msg.json()</c>), with <see cref="JsonSerializerOptions.Web"/> unless <paramref name="options"/> are given.</summary>
    /// <exception cref="InvalidOperationException">The message is neither text nor binary.</exception>
    public T? Json<T>(JsonSerializerOptions? options = null)
    {
        if (Type is not (WsMsgType.Text or WsMsgType.Binary))
        {
            throw new InvalidOperationException($"A {Type} message has no JSON body");
        }

        return JsonSerializer.Deserialize<T>(Data, HttpJson.Or(options));
    }

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        WsMsgType.Text => $"WsMessage(Text, {Text!.Length} chars)",
        WsMsgType.Close => $"WsMessage(Close, {(CloseCode is { } c ? (int)c : null)}, {Text})",
        WsMsgType.Error => $"WsMessage(Error, {Exception?.Message})",
        WsMsgType.Closing or WsMsgType.Closed => $"WsMessage({Type})",
        _ => $"WsMessage({Type}, {Data.Length} bytes)",
    };

    internal static WsMessage ForText(byte[] utf8, string text) => new(WsMsgType.Text, utf8, text, null, null);

    internal static WsMessage ForData(WsMsgType type, byte[] data) => new(type, data, null, null, null);

    internal static WsMessage ForClose(WsCloseCode? code, string reason) => new(WsMsgType.Close, [], reason, code, null);

    internal static WsMessage ForError(Exception exception) => new(WsMsgType.Error, [], null, null, exception);
}
