using System.Net;
using System.Security.Cryptography;
using Aio.Tests.Support;

namespace Aio.Tests.Transports;

/// <summary>
/// <c>EventLoop.SendfileAsync</c> (asyncio's <c>loop.sendfile</c>) over real sockets: the kernel path on a
/// plain socket, the read-and-write fallback over TLS, offsets and counts, the file position afterwards,
/// and writes refused while the kernel is sending.
/// </summary>
public sealed class SendfileTests : IDisposable
{
    // Larger than a loopback socket's buffers, so the send has to wait for the peer to read.
    private static readonly byte[] s_content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"aio-sendfile-{Guid.NewGuid():N}.bin");

    public SendfileTests() => File.WriteAllBytes(_path, s_content);

    public void Dispose() => File.Delete(_path);

    private static int PortOf(AioServer server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    /// <summary>Sends with <paramref name="send"/> over a fresh connection and returns what the server read to EOF.</summary>
    private static async Coroutine<byte[]> Received(Func<AioStreamWriter, Coroutine> send, bool tls = false)
    {
        var received = Asyncio.GetRunningLoop().CreateFuture<byte[]>();
        AioServer server = await Asyncio.StartServer(
            async (reader, writer) =>
            {
                received.SetResult(await reader.ReadAsync());
                writer.Close();
            },
            "127.0.0.1",
            0,
            ssl: tls ? TestCertificates.Server() : null);
        await using (server)
        {
            (_, AioStreamWriter writer) = await Asyncio.OpenConnection(tls ? "localhost" : "127.0.0.1", PortOf(server), ssl: tls ? TestCertificates.Client() : null);
            try
            {
                await send(writer);
            }
            catch
            {
                writer.Close(); // let the server's handler finish, so the failure surfaces instead of a hang
                throw;
            }

            if (tls)
            {
                writer.Close(); // TLS has no half-close.
            }
            else
            {
                writer.WriteEof();
            }

            byte[] data = await received;
            writer.Close();
            return data;
        }
    }

    [Fact]
    public void PlainSocket_SendsTheWholeFile_AfterBufferedWrites_AndLeavesThePositionAtTheEnd()
    {
        long sent = 0;
        long position = 0;
        byte[] got = Asyncio.Run(Received(async writer =>
        {
            writer.Write("head:"u8);
            await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read);
            sent = await Asyncio.GetRunningLoop().SendfileAsync(writer.Transport, file);
            position = file.Position;
        }));
        Assert.Equal(s_content.Length, sent);
        Assert.Equal(s_content.Length, position);
        Assert.Equal([.. "head:"u8, .. s_content], got);
    }

    [Fact]
    public void OffsetAndCount_SendThatSlice()
    {
        long position = 0;
        byte[] got = Asyncio.Run(Received(async writer =>
        {
            await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read);
            Assert.Equal(1000, await Asyncio.GetRunningLoop().SendfileAsync(writer.Transport, file, offset: 10, count: 1000));
            position = file.Position;
        }));
        Assert.Equal(1010, position);
        Assert.Equal(s_content.AsSpan(10, 1000).ToArray(), got);
    }

    [Fact]
    public void WriteDuringSendfile_IsRefused_AndSendfileStillCompletes()
    {
        // Big enough that the kernel cannot take it in one sendfile(2), whatever loopback's buffers are.
        byte[] content = RandomNumberGenerator.GetBytes(48 * 1024 * 1024);
        string path = _path + ".big";
        File.WriteAllBytes(path, content);
        string? refused = null;
        byte[] got = Asyncio.Run(Received(async writer =>
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.DeleteOnClose);
            AioTask<long> sending = Asyncio.CreateTask(Asyncio.GetRunningLoop().SendfileAsync(writer.Transport, file));
            await Asyncio.Sleep(0); // the first sendfile(2) has filled the socket; the task now waits for it
            refused = Assert.Throws<InvalidOperationException>(() => writer.Write("x"u8)).Message;
            Assert.Equal(content.Length, await sending);
            writer.Write("tail"u8); // allowed again afterwards
        }));
        Assert.Contains("while EventLoop.SendfileAsync() is sending", refused);
        Assert.Equal([.. content, .. "tail"u8], got);
    }

    [Fact]
    public void Tls_FallsBackToReadAndWrite_OrRefusesWithoutFallback()
    {
        byte[] got = Asyncio.Run(Received(
            async writer =>
            {
                await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read);
                await Assert.ThrowsAsync<SendfileNotAvailableError>(async () =>
                    await Asyncio.GetRunningLoop().SendfileAsync(writer.Transport, file, fallback: false));
                Assert.Equal(s_content.Length, await Asyncio.GetRunningLoop().SendfileAsync(writer.Transport, file));
                Assert.Equal(s_content.Length, file.Position);
            },
            tls: true));
        Assert.Equal(s_content, got);
    }

    [Fact]
    public void BadArguments_AreRejectedWithClearMessages()
    {
        Asyncio.Run(Received(async writer =>
        {
            await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read);
            EventLoop loop = Asyncio.GetRunningLoop();
            var count = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await loop.SendfileAsync(writer.Transport, file, count: 0));
            Assert.Contains("count must be a positive integer (got 0)", count.Message);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await loop.SendfileAsync(writer.Transport, file, offset: -1));
            await using var writeOnly = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.DeleteOnClose);
            await Assert.ThrowsAsync<ArgumentException>(async () => await loop.SendfileAsync(writer.Transport, writeOnly));
        }));
    }
}
