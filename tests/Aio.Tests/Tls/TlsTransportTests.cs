using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Aio.Tests.Support;

namespace Aio.Tests.Tls;

public class TlsTransportTests
{
    private static int PortOf(AioServer server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    private static async Coroutine EchoLines(AioStreamReader reader, AioStreamWriter writer)
    {
        while ((await reader.ReadLineAsync()) is { Length: > 0 } line)
        {
            writer.Write(line);
            await writer.DrainAsync();
        }

        writer.Close();
    }

    [Fact]
    public void Streams_OverTls_EchoLinesBothWays_AndReportTheCertificate()
    {
        (string first, string big, bool hasCert) = VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(EchoLines, "127.0.0.1", 0, ssl: TestCertificates.Server());
            await using (server)
            {
                (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("localhost", PortOf(server), ssl: TestCertificates.Client());
                writer.Write("hello over tls\n"u8);
                string line = System.Text.Encoding.ASCII.GetString(await reader.ReadLineAsync());
                string payload = string.Concat(Enumerable.Range(0, 300).Select(i => new string((char)('a' + (i % 26)), 999) + "\n"));
                writer.Write(System.Text.Encoding.ASCII.GetBytes(payload));
                await writer.DrainAsync();
                byte[] echoed = await reader.ReadExactlyAsync(payload.Length);
                var cert = writer.GetExtraInfo("peercert") as X509Certificate;
                writer.Close();
                await writer.WaitClosedAsync();
                return (line, System.Text.Encoding.ASCII.GetString(echoed) == payload ? "intact" : "corrupt", cert is not null);
            }
        });
        Assert.Equal("hello over tls\n", first);
        Assert.Equal("intact", big);
        Assert.True(hasCert);
    }

    [Fact]
    public void Close_WaitsForThePeersEnd_AndAbortsAfterTheShutdownTimeoutWhenItNeverComes()
    {
        // asyncio 3.11: a TLS close waits for the peer's close_notify, up to ssl_shutdown_timeout (30 s).
        // This peer stops reading, so it never sees ours and never closes.
        (double waited, Exception? error) = VirtualTime.Run(async () =>
        {
            var parked = new AioEvent();
            var release = new AioEvent();
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    writer.Transport.PauseReading();
                    parked.Set();
                    await release.WaitAsync();
                    writer.Close();
                },
                "127.0.0.1",
                0,
                ssl: TestCertificates.Server());
            await using (server)
            {
                (_, AioStreamWriter writer) = await Asyncio.OpenConnection("localhost", PortOf(server), ssl: TestCertificates.Client());
                await parked.WaitAsync();
                double start = Asyncio.GetRunningLoop().Time();
                writer.Close();
                Exception? lost = await Record.ExceptionAsync(async () => await writer.WaitClosedAsync());
                double took = Asyncio.GetRunningLoop().Time() - start;
                release.Set();
                await Asyncio.Sleep(0);
                return (took, lost);
            }
        });
        Assert.InRange(waited, 30, 31);
        Assert.IsType<TimeoutException>(error);
    }

    [Fact]
    public void Client_RejectsTheCertificate_OpenConnectionThrows_AndServerCarriesOn()
    {
        VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(EchoLines, "127.0.0.1", 0, ssl: TestCertificates.Server());
            var strict = new SslClientAuthenticationOptions { TargetHost = "localhost" };
            await Assert.ThrowsAsync<AuthenticationException>(async () => await Asyncio.OpenConnection("127.0.0.1", PortOf(server), ssl: strict));
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("localhost", PortOf(server), ssl: TestCertificates.Client());
            writer.Write("ok\n"u8);
            Assert.Equal("ok\n"u8.ToArray(), await reader.ReadLineAsync());
            writer.Close();
            server.Close();
        });
    }

    [Fact]
    public void PlainClient_AgainstTlsServer_HandshakeFailsWithoutHurtingTheServer()
    {
        VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(EchoLines, "127.0.0.1", 0, ssl: TestCertificates.Server());
            (AioStreamReader plainReader, AioStreamWriter plainWriter) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            plainWriter.Write("GET / HTTP/1.0\r\n\r\n"u8);
            await plainReader.ReadAsync();
            plainWriter.Close();
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("localhost", PortOf(server), ssl: TestCertificates.Client());
            writer.Write("still serving\n"u8);
            Assert.Equal("still serving\n"u8.ToArray(), await reader.ReadLineAsync());
            writer.Close();
            server.Close();
        });
    }

    [Fact]
    public void TlsTransport_CannotHalfClose_AndExposesTlsExtraInfo()
    {
        VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(EchoLines, "127.0.0.1", 0, ssl: TestCertificates.Server());
            (_, AioStreamWriter writer) = await Asyncio.OpenConnection("localhost", PortOf(server), ssl: TestCertificates.Client());
            Assert.False(writer.CanWriteEof());
            Assert.Throws<NotSupportedException>(writer.WriteEof);
            Assert.IsType<SslStream>(writer.GetExtraInfo("ssl_object"));
            Assert.NotNull(writer.GetExtraInfo("cipher"));
            Assert.IsType<IPEndPoint>(writer.GetExtraInfo("peername"));
            writer.Close();
            await writer.WaitClosedAsync();
            server.Close();
        });
    }

    [Fact]
    public void StartTls_UpgradesAPlainConnection_OnBothSides()
    {
        string reply = VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    Assert.Equal("STARTTLS\n"u8.ToArray(), await reader.ReadLineAsync());
                    writer.Write("GO\n"u8);
                    await writer.StartTlsAsync(TestCertificates.Server());
                    byte[] secret = await reader.ReadLineAsync();
                    writer.Write("secret was "u8);
                    writer.Write(secret);
                    writer.Close();
                },
                "127.0.0.1",
                0);
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            writer.Write("STARTTLS\n"u8);
            Assert.Equal("GO\n"u8.ToArray(), await reader.ReadLineAsync());
            SslClientAuthenticationOptions options = TestCertificates.Client();
            options.TargetHost = "localhost";
            await writer.StartTlsAsync(options);
            Assert.IsType<SslStream>(writer.GetExtraInfo("ssl_object"));
            writer.Write("tls only\n"u8);
            byte[] answer = await reader.ReadAsync();
            writer.Close();
            server.Close();
            return System.Text.Encoding.ASCII.GetString(answer);
        });
        Assert.Equal("secret was tls only\n", reply);
    }

    [Fact]
    public void Handshake_OnVirtualTime_WithoutGrace_DoesNotJumpToTheHandshakeTimeout()
    {
        // SslStream computes parts of a handshake on the thread pool. CI once saw that take longer than
        // the clock's grace for foreign work, and the clock jumped 60 s to the handshake timeout. A
        // handshake that is computing (not waiting for the peer) must hold the clock however long it takes.
        for (int i = 0; i < 5; i++)
        {
            double elapsed = Asyncio.Run(
                async () =>
                {
                    EventLoop loop = Asyncio.GetRunningLoop();
                    AioServer server = await Asyncio.StartServer(EchoLines, "127.0.0.1", 0, ssl: TestCertificates.Server());
                    (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("localhost", PortOf(server), ssl: TestCertificates.Client());
                    writer.Write("ping\n"u8);
                    Assert.Equal("ping\n"u8.ToArray(), await reader.ReadLineAsync());
                    writer.Close();
                    server.Close();
                    return loop.Time();
                },
                debug: false,
                () => new EventLoop(new VirtualClock { ForeignWorkGrace = 0, DeadlockTimeout = TimeSpan.FromSeconds(30) }));
            Assert.True(elapsed < 1, $"virtual time ran {elapsed} s during a loopback handshake");
        }
    }
}
