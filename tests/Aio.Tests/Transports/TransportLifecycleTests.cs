using System.Net.Sockets;
using System.Net;
using Aio.Tests.Support;

namespace Aio.Tests.Transports;

/// <summary>A transport after its close and at the edges of its write-buffer limits.</summary>
public class TransportLifecycleTests
{
    private static int PortOf(AioServer server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    [Fact]
    public void Write_AfterAGracefulCloseHasFinished_NeverReachesTheNextConnection()
    {
        // Close() with data buffered used to leave the transport writable once the flush had closed the
        // socket; a stale writer then sent on a descriptor number reused by the next socket (the new
        // client's, or the server's next accepted one), so the bytes reached another connection.
        (byte[] atServer, byte[] atClient) = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            AioStreamWriter? first = null;
            Future<bool> firstClosed = loop.CreateFuture<bool>();
            Future<AioStreamReader> second = loop.CreateFuture<AioStreamReader>();
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    if (first is not null)
                    {
                        second.SetResult(reader);
                        await Asyncio.Sleep(10);
                        return;
                    }

                    first = writer;
                    writer.Write(new byte[4 << 20]);
                    writer.Close();
                    await writer.WaitClosedAsync();
                    firstClosed.SetResult(true);
                },
                "127.0.0.1",
                0);
            (AioStreamReader r1, AioStreamWriter w1) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            Assert.Equal(4 << 20, (await r1.ReadAsync()).Length);
            await firstClosed;
            (AioStreamReader r2, AioStreamWriter w2) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            AioStreamReader serverSide = await second;
            first!.Write("LEAKED\n"u8);
            byte[] atServer = await ReadBriefly(serverSide);
            byte[] atClient = await ReadBriefly(r2);
            w1.Close();
            w2.Close();
            server.Close();
            return (atServer, atClient);
        });
        Assert.Empty(atServer);
        Assert.Empty(atClient);

        static async Coroutine<byte[]> ReadBriefly(AioStreamReader reader)
        {
            try
            {
                return await Asyncio.WaitFor(reader.ReadAsync(100), 0.5);
            }
            catch (TimeoutException)
            {
                return [];
            }
        }
    }

    // high defaults to 4 * low in int arithmetic: a large low overflows and a valid call is
    //    rejected with "high (-1894967296) must be >= low". CPython accepts set_write_buffer_limits(low=600_000_000).
    [Fact]
    public void SetWriteBufferLimits_WithALargeLowMark_IsAccepted()
    {
        VirtualTime.Run(async () =>
        {
            (Socket a, Socket b) = Loops.SocketPair();
            using (b)
            {
                (Transport transport, _) = await Asyncio.GetRunningLoop().CreateConnectionAsync(() => new NullProtocol(), a);
                Exception? error = Record.Exception(() => transport.SetWriteBufferLimits(low: 600_000_000));
                (int low, int high) = transport.GetWriteBufferLimits();
                transport.Close();
                Assert.Null(error);
                Assert.Equal(600_000_000, low);
                Assert.True(high >= low);
            }
        });
    }

    private sealed class NullProtocol : Protocol
    {
    }
}
