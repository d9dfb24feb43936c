using Aio.Python;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Aio.Tests.Support;

namespace Aio.Tests.Loop;

public abstract partial class ReactorContractTests
{
    [Fact]
    public void ReadinessCallbacks_QueuedDuringPoll_RunAfterWhatWasReady_AsCPython()
    {
        var trace = new List<string>();
        (Socket a, Socket b) = Loops.SocketPair();
        Loops.Run(Kind, async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.AddReader(b, () =>
            {
                var buffer = new byte[100];
                trace.Add("reader got " + Encoding.ASCII.GetString(buffer, 0, b.Receive(buffer)));
                loop.RemoveReader(b);
                loop.CallSoon(() => trace.Add("call_soon from reader"));
            });
            a.Send("x"u8);
            loop.CallSoon(() => trace.Add("call_soon 1"));
            await Asyncio.Sleep(0);
            trace.Add("main after sleep(0)");
            await Asyncio.Sleep(0);
            trace.Add("main after second sleep(0)");
            await Asyncio.Sleep(0);
            trace.Add("main after third sleep(0)");
            a.Dispose();
            b.Dispose();
        });
        Twin.AssertSame("io_callback_order", trace);
    }

    [Fact]
    public void SockOperations_ConnectAcceptSendAllRecv_AsCPython()
    {
        var trace = new List<string>();
        Loops.Run(Kind, async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            Socket listener = Loops.Listener();
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            AioTask<(Socket Connection, EndPoint? Address)> accept = Asyncio.CreateTask(loop.SockAcceptAsync(listener));
            await loop.SockConnectAsync(client, listener.LocalEndPoint!);
            (Socket conn, EndPoint? addr) = await accept;
            trace.Add($"accepted from client: {PyFormat.Repr(Equals(addr, client.LocalEndPoint))}, conn blocking: {PyFormat.Repr(conn.Blocking)}");
            byte[] payload = Enumerable.Range(0, 256 * 4096).Select(i => (byte)i).ToArray();
            AioTask sender = Asyncio.CreateTask(loop.SockSendAllAsync(client, payload));
            var got = new List<byte>();
            while (got.Count < payload.Length)
            {
                got.AddRange(await loop.SockRecvAsync(conn, 65536));
            }

            await sender;
            trace.Add($"received {got.Count} bytes, intact: {PyFormat.Repr(got.SequenceEqual(payload))}");
            AioTask<byte[]> waiting = Asyncio.CreateTask(loop.SockRecvAsync(conn, 10));
            await Asyncio.Sleep(1);
            waiting.Cancel();
            try
            {
                await waiting;
            }
            catch (CancelledError)
            {
                trace.Add("recv cancelled");
            }

            await loop.SockSendAllAsync(client, "after cancel"u8.ToArray());
            trace.Add($"next recv: {PyFormat.Bytes(await loop.SockRecvAsync(conn, 100))}");
            client.Dispose();
            trace.Add($"recv after peer closed: {PyFormat.Bytes(await loop.SockRecvAsync(conn, 100))}");
            conn.Dispose();
            int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            listener.Dispose();
            using var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try
            {
                await loop.SockConnectAsync(refused, new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                trace.Add("connect refused");
            }
        });
        Twin.AssertSame("sock_ops", trace);
    }

    [Fact]
    public void SockRecv_BlockingSocket_ThrowsArgumentException()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            b.Blocking = true;
            Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                await Assert.ThrowsAsync<ArgumentException>(async () => await loop.SockRecvAsync(b, 10));
            });
        }
    }

    [Fact]
    public void SockSendAll_PeerResets_ThrowsSocketException_AndLoopCarriesOn()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        {
            Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                b.LingerState = new LingerOption(true, 0);
                b.Dispose();
                await Asyncio.Sleep(0);
                var error = await Assert.ThrowsAsync<SocketException>(async () =>
                {
                    for (int i = 0; i < 100; i++)
                    {
                        await loop.SockSendAllAsync(a, new byte[65536]);
                    }
                });
                Assert.True(error.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown, error.SocketErrorCode.ToString());
                await Asyncio.Sleep(1);
            });
        }
    }

    [Fact]
    public void AddReader_OnATransportsSocket_ThrowsArgumentException_AndTheTransportKeepsWorking()
    {
        Loops.Run(Kind, async () =>
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    writer.Write(await reader.ReadLineAsync());
                    writer.Close();
                },
                "127.0.0.1",
                0);
            (AioStreamReader r, AioStreamWriter w) = await Asyncio.OpenConnection("127.0.0.1", ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port);
            var socket = (Socket)w.GetExtraInfo("socket")!;
            EventLoop loop = Asyncio.GetRunningLoop();
            var e = Assert.Throws<ArgumentException>(() => loop.AddReader(socket, () => { }));
            Assert.Contains("used by transport", e.Message, StringComparison.Ordinal);
            w.Write("still mine\n"u8);
            Assert.Equal("still mine\n"u8.ToArray(), await r.ReadLineAsync());
            w.Close();
            server.Close();
        });
    }
}
