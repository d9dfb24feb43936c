using System.Net.Security;
using System.Net;
using System.Security.Authentication;
using Aio.Tests.Support;

namespace Aio.Tests.Tls;

/// <summary>TLS failures reach the application as errors, never as a clean end or a hang.</summary>
public class TlsFailureTests
{
    private static int PortOf(AioServer server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

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
}
