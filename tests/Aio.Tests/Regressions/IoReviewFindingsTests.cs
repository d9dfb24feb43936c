using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Aio.Tests.Support;

namespace Aio.Tests.Regressions;

/// <summary>Defects a review of the I/O layer found, each pinned by the scenario that showed it.</summary>
public class IoReviewFindingsTests
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

    [Fact]
    public void Tls_StreamCutMidRecord_RaisesInsteadOfLookingLikeACleanEnd()
    {
        // A TLS error used to reach the application as connection_lost(None): the reader saw a clean
        // EOF and a truncated body looked complete.
        VirtualTime.Run(async () =>
        {
            AioServer tls = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    writer.Write(new byte[100_000]);
                    await writer.DrainAsync();
                    writer.Close();
                },
                "127.0.0.1",
                0,
                ssl: TestCertificates.Server());
            AioServer relay = await Asyncio.StartServer(
                async (clientReader, clientWriter) =>
                {
                    (AioStreamReader serverReader, AioStreamWriter serverWriter) = await Asyncio.OpenConnection("127.0.0.1", PortOf(tls));
                    AioTask up = Asyncio.CreateTask(Pump(clientReader, serverWriter, long.MaxValue));
                    await Pump(serverReader, clientWriter, 50_000);
                    clientWriter.Close();
                    serverWriter.Close();
                    up.Cancel();
                },
                "127.0.0.1",
                0);
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("localhost", PortOf(relay), ssl: TestCertificates.Client());
            await Assert.ThrowsAnyAsync<IOException>(async () => await reader.ReadAsync());
            await Assert.ThrowsAnyAsync<IOException>(async () => await writer.WaitClosedAsync());
            relay.Close();
            tls.Close();
        });

        static async Coroutine Pump(AioStreamReader from, AioStreamWriter to, long limit)
        {
            long sent = 0;
            while (sent < limit)
            {
                byte[] chunk = await from.ReadAsync((int)Math.Min(65536, limit - sent));
                if (chunk.Length == 0)
                {
                    return;
                }

                to.Write(chunk);
                await to.DrainAsync();
                sent += chunk.Length;
            }
        }
    }

    [Fact]
    public void StartTls_HandshakeFails_TheStreamEndsWithTheErrorInsteadOfHanging()
    {
        VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    await reader.ReadLineAsync();
                    writer.Write("GO\n"u8);
                    try
                    {
                        await writer.StartTlsAsync(TestCertificates.Server());
                    }
                    catch (Exception)
                    {
                        // The client rejects the certificate.
                    }
                },
                "127.0.0.1",
                0);
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            writer.Write("STARTTLS\n"u8);
            await reader.ReadLineAsync();
            var strict = new SslClientAuthenticationOptions { TargetHost = "localhost" };
            await Assert.ThrowsAsync<AuthenticationException>(async () => await writer.StartTlsAsync(strict));
            await Assert.ThrowsAsync<AuthenticationException>(async () => await Asyncio.WaitFor(reader.ReadAsync(), 5));
            await Assert.ThrowsAsync<AuthenticationException>(async () => await Asyncio.WaitFor(writer.WaitClosedAsync(), 5));
            server.Close();
        });
    }

    [Fact]
    public void Communicate_WithoutInput_ClosesAPipedStdin_SoCatFinishes()
    {
        // Python 3.12 (gh-83925); 3.11 waited forever here.
        // Real time: on a virtual clock the timeout would fire as soon as the loop waits for the child.
        (byte[]? stdout, byte[]? stderr, int code) = Asyncio.Run(
            async () =>
            {
                AioProcess cat = await Asyncio.CreateSubprocessExec("cat", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
                (byte[]? o, byte[]? e) = await Asyncio.WaitFor(cat.CommunicateAsync(), 60);
                return (o, e, cat.ReturnCode!.Value);
            },
            debug: false,
            () => new EventLoop());
        Assert.NotNull(stdout);
        Assert.Empty(stdout);
        Assert.Null(stderr);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Datagram_CallerReusesOneEndpointWithANewPort_TheDatagramGoesToTheNewPort()
    {
        (int atA, int atB) = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var countA = new Counter();
            var countB = new Counter();
            (DatagramTransport a, _) = await loop.CreateDatagramEndpointAsync(() => countA, localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            (DatagramTransport b, _) = await loop.CreateDatagramEndpointAsync(() => countB, localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            (DatagramTransport sender, _) = await loop.CreateDatagramEndpointAsync(() => new Counter(), localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            var destination = new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)a.GetExtraInfo("sockname")!).Port);
            sender.SendTo("to a"u8, destination);
            destination.Port = ((IPEndPoint)b.GetExtraInfo("sockname")!).Port;
            sender.SendTo("to b"u8, destination);
            await Asyncio.Sleep(0.1);
            a.Close();
            b.Close();
            sender.Close();
            return (countA.Received, countB.Received);
        });
        Assert.Equal((1, 1), (atA, atB));
    }

    [Fact]
    public void ReadPipe_OnARegularFile_FailsWithAClearError_OrWorksWherePollAcceptsIt()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "x");
            using Microsoft.Win32.SafeHandles.SafeFileHandle file = File.OpenHandle(path);
            int fd = (int)file.DangerousGetHandle();
            VirtualTime.Run(async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                if (loop.Reactor.Name == "epoll")
                {
                    ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(
                        async () => await Asyncio.WaitFor(loop.ConnectReadPipeAsync(() => new Sink(), fd), 5));
                    Assert.Contains("pipes, sockets and character devices", error.Message, StringComparison.Ordinal);
                }
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Tls_BufferedProtocolReturningAnEmptyBuffer_IsAnError_NotAHungLoop()
    {
        Exception? lost = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var reported = new List<string>();
            loop.SetExceptionHandler((_, context) => reported.Add(context.Message));
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    writer.Write(await reader.ReadLineAsync());
                    await writer.DrainAsync();
                },
                "127.0.0.1",
                0,
                ssl: TestCertificates.Server());
            Future<Exception?> done = loop.CreateFuture<Exception?>();
            (Transport transport, _) = await loop.CreateConnectionAsync(() => new EmptyBuffer(done), "localhost", PortOf(server), ssl: TestCertificates.Client());
            transport.Write("ping\n"u8);
            Exception? error = await Asyncio.WaitFor(done, 30);
            Assert.Contains(reported, m => m.Contains("DataReceived", StringComparison.Ordinal));
            server.Close();
            return error;
        });
        Assert.IsType<InvalidOperationException>(lost);
        Assert.Equal("BufferedProtocol.GetBuffer() returned an empty buffer", lost.Message);
    }

    private sealed class EmptyBuffer(Future<Exception?> done) : BufferedProtocol
    {
        public override Memory<byte> GetBuffer(int sizeHint) => Memory<byte>.Empty;

        public override void BufferUpdated(int count)
        {
        }

        public override void ConnectionLost(Exception? exception) => done.TrySetResult(exception);
    }

    private sealed class Sink : Protocol
    {
    }

    private sealed class Counter : DatagramProtocol
    {
        public int Received { get; private set; }

        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint address) => Received++;
    }
}
