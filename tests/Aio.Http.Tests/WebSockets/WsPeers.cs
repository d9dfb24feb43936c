using System.Net;
using System.Text;
using Aio.Http.WebSockets;

namespace Aio.Http.Tests.WebSockets;

/// <summary>A WebSocket server on a plain Aio stream server (port 0), and a raw client that speaks frames by hand.</summary>
internal static class WsPeers
{
    public static async Coroutine<(AioServer Server, int Port)> ServeAsync(Func<WebSocketResponse, Coroutine> handler, WebSocketOptions? options = null)
    {
        AioServer server = await Asyncio.StartServer(
            async (reader, writer) =>
            {
                var ws = new WebSocketResponse(options);
                try
                {
                    await ws.PrepareAsync(reader, writer);
                }
                catch (WsHandshakeError)
                {
                    return;
                }

                await handler(ws);
            },
            "127.0.0.1",
            0);
        return (server, ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port);
    }

    public static string UpgradeRequest(string key = "dGhlIHNhbXBsZSBub25jZQ==", string version = "13", string extra = "") =>
        $"GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: {version}\r\n{extra}\r\n";
}

/// <summary>A client that does the handshake by hand and then reads and writes raw frames: the peer that misbehaves.</summary>
internal sealed class RawPeer
{
    private readonly List<byte> _pending = [];

    private RawPeer(AioStreamReader reader, AioStreamWriter writer, string head)
    {
        Reader = reader;
        Writer = writer;
        Head = head;
    }

    public AioStreamReader Reader { get; }

    public AioStreamWriter Writer { get; }

    public string Head { get; }

    public static async Coroutine<RawPeer> ConnectAsync(int port, string? request = null)
    {
        (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", port);
        writer.Write(Encoding.ASCII.GetBytes(request ?? WsPeers.UpgradeRequest()));
        byte[] head = await reader.ReadUntilAsync("\r\n\r\n"u8.ToArray());
        return new RawPeer(reader, writer, Encoding.ASCII.GetString(head));
    }

    public void Send(byte[] frame) => Writer.Write(frame);

    /// <summary>The next frame the server sent; null at EOF.</summary>
    public async Coroutine<(int Opcode, bool Fin, byte[] Payload)?> NextFrameAsync()
    {
        while (true)
        {
            List<(int, bool, byte[])> frames = Frames.Decode(_pending.ToArray(), out int consumed);
            if (frames.Count > 0)
            {
                int first = Frames.Decode(_pending.ToArray(), out _).Count == 1 ? consumed : FirstLength();
                _pending.RemoveRange(0, first);
                return frames[0];
            }

            byte[] data = await Reader.ReadAsync(65536);
            if (data.Length == 0)
            {
                return null;
            }

            _pending.AddRange(data);
        }
    }

    private int FirstLength()
    {
        // Decode one frame at a time by growing the prefix until exactly one frame decodes.
        byte[] all = _pending.ToArray();
        for (int n = 2; n <= all.Length; n++)
        {
            if (Frames.Decode(all.AsSpan(0, n), out int used).Count == 1)
            {
                return used;
            }
        }

        return all.Length;
    }

    /// <summary>Reads until EOF and returns everything; true if EOF came.</summary>
    public async Coroutine<bool> AtEofAsync()
    {
        while (true)
        {
            byte[] data = await Reader.ReadAsync(65536);
            if (data.Length == 0)
            {
                return true;
            }
        }
    }
}
