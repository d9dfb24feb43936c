using Aio.Python;
using System.Net;
using System.Net.Sockets;
using Aio.Tests.Support;

namespace Aio.Tests.Transports;

public class SocketTransportTests
{
    private static byte[] B(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    private static int PortOf(AioServer server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    [Fact]
    public void ProtocolCallbacks_FlowControl_AndClose_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            AioServer server = await loop.CreateServerAsync(() => new UpperServer(trace), "127.0.0.1", 0);
            int port = PortOf(server);
            var done = loop.CreateFuture<bool>();
            (Transport transport, Client client) = await loop.CreateConnectionAsync(() => new Client(trace, done), "127.0.0.1", port);
            trace.Add($"create_connection returned, sockname port != peer port: {PyFormat.Repr(((IPEndPoint)transport.GetExtraInfo("sockname")!).Port != port)}");
            trace.Add($"unknown extra info: {transport.GetExtraInfo("nope", "default")}");
            transport.Write(B("hello"));
            await Asyncio.Sleep(0.1);
            transport.WriteEof();
            try
            {
                transport.Write(B("more"));
            }
            catch (InvalidOperationException e)
            {
                // Same error as CPython's, worded with Aio's names.
                Assert.Equal("Cannot call Write() after WriteEof()", e.Message);
                trace.Add("write after write_eof: Cannot call write() after write_eof()");
            }

            await done;
            server.Close();
            await server.WaitClosedAsync();
            trace.Add($"limits {PyFormat.Repr(transport.GetWriteBufferLimits())}");
            try
            {
                transport.SetWriteBufferLimits(high: 1, low: 2);
            }
            catch (ArgumentException e)
            {
                trace.Add($"bad limits: {e.Message}");
            }

            // A peer that does not read: PauseWriting, then ResumeWriting once it drains.
            var accepted = loop.CreateFuture<(AioStreamReader, AioStreamWriter)>();
            AioServer sink = await Asyncio.StartServer(
                (r, w) =>
                {
                    accepted.SetResult((r, w));
                    return Idle();
                },
                "127.0.0.1",
                0);
            (Transport t, Slow p) = await loop.CreateConnectionAsync(() => new Slow(), "127.0.0.1", PortOf(sink));
            (AioStreamReader reader, AioStreamWriter writer) = await accepted;
            t.SetWriteBufferLimits(high: 64 * 1024);
            byte[] chunk = new byte[65536];
            Array.Fill(chunk, (byte)'x');
            int total = 0;
            while (p.Events.Count == 0)
            {
                t.Write(chunk);
                total += chunk.Length;
                await Asyncio.Sleep(0);
            }

            trace.Add($"events after filling: {PyFormat.Repr(p.Events)}, buffered > high: {PyFormat.Repr(t.GetWriteBufferSize() > 64 * 1024)}");
            await reader.ReadExactlyAsync(total);
            await Asyncio.Sleep(0.1);
            trace.Add($"events after peer read all: {PyFormat.Repr(p.Events)}, buffered: {t.GetWriteBufferSize()}");
            t.Write(B("last"));
            t.Close();
            trace.Add($"closing: {PyFormat.Repr(t.IsClosing)}");
            trace.Add($"peer gets the last bytes after close: {PyFormat.Bytes(await reader.ReadAsync())}");
            writer.Close();
            sink.Close();
            await sink.WaitClosedAsync();
        });
        Twin.AssertSame("protocol_events", trace);

        static async Coroutine Idle() => await Asyncio.Sleep(0);
    }

    [Fact]
    public void Abort_DropsBufferedData_AndCallsConnectionLostWithNull()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var lost = loop.CreateFuture<Exception?>();
            AioServer sink = await Asyncio.StartServer((r, w) => Asyncio.Sleep(3600), "127.0.0.1", 0);
            (Transport t, _) = await loop.CreateConnectionAsync(() => new Recorder(lost), "127.0.0.1", PortOf(sink));
            while (t.GetWriteBufferSize() == 0)
            {
                t.Write(new byte[1 << 20]);
            }

            t.Abort();
            Assert.True(t.IsClosing);
            Assert.Equal(0, t.GetWriteBufferSize());
            Assert.Null(await lost);
            sink.Close();
        });
    }

    [Fact]
    public void DataReceived_Throws_ReportsIt_ClosesTransport_AndLoopCarriesOn()
    {
        var contexts = new List<ExceptionContext>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.SetExceptionHandler((_, c) => contexts.Add(c));
            var lost = loop.CreateFuture<Exception?>();
            AioServer server = await loop.CreateServerAsync(() => new Thrower(lost), "127.0.0.1", 0);
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            writer.Write(B("boom"));
            Exception? error = await lost;
            Assert.IsType<InvalidOperationException>(error);
            Assert.Empty(await reader.ReadAsync());
            writer.Close();
            server.Close();
        });
        ExceptionContext context = Assert.Single(contexts);
        Assert.Equal("Fatal error: Protocol.DataReceived() call failed.", context.Message);
        Assert.IsType<InvalidOperationException>(context.Exception);
    }

    [Fact]
    public void BufferedProtocol_ReceivesIntoItsOwnMemory()
    {
        string got = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var done = loop.CreateFuture<string>();
            AioServer server = await loop.CreateServerAsync(() => new Collect(done), "127.0.0.1", 0);
            (AioStreamReader _, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            writer.Write(B("zero copy"));
            writer.Close();
            string result = await done;
            server.Close();
            return result;
        });
        Assert.Equal("zero copy", got);
    }

    [Fact]
    public void PauseReading_HoldsDataBack_UntilResumeReading()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var atServer = new List<string>();
            var atClient = new List<string>();
            AioServer server = await loop.CreateServerAsync(() => new Lines(atServer), "127.0.0.1", 0);
            (Transport t, _) = await loop.CreateConnectionAsync(() => new Lines(atClient), "127.0.0.1", PortOf(server));
            t.PauseReading();
            Assert.False(t.IsReading);
            t.Write(B("ping"));
            await Asyncio.Sleep(1);
            Assert.Equal(["ping"], atServer);
            Assert.Empty(atClient);
            t.ResumeReading();
            Assert.True(t.IsReading);
            await Asyncio.Sleep(1);
            Assert.Equal(["PING"], atClient);
            t.Close();
            server.Close();
        });
    }

    [Fact]
    public void CreateConnection_Refused_ThrowsSocketException_AndNoProtocolIsMade()
    {
        int made = 0;
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var e = await Assert.ThrowsAsync<SocketException>(async () =>
                await loop.CreateConnectionAsync(() => { made++; return new Slow(); }, "127.0.0.1", Loops.UnusedPort()));
            Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
        });
        Assert.Equal(0, made);
    }

    [Fact]
    public void AcceptedTransport_MakesItsSocketWhenAsked_AndClosesTheConnectionEitherWay()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var made = new Queue<Keep>();
            AioServer server = await loop.CreateServerAsync(() => { var k = new Keep(loop); made.Enqueue(k); return k; }, "127.0.0.1", 0);

            // Asked for: the socket is the connection's, and closing the transport closes it.
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            await Asyncio.Sleep(0.1);
            Keep first = made.Dequeue();
            var socket = Assert.IsType<Socket>(first.Transport!.GetExtraInfo("socket"));
            Assert.Same(socket, first.Transport.GetExtraInfo("socket"));
            Assert.Equal(writer.GetExtraInfo("sockname"), socket.RemoteEndPoint);
            Assert.Equal(writer.GetExtraInfo("sockname"), first.Transport.GetExtraInfo("peername"));
            first.Transport.Close();
            Assert.Null(await first.Lost);
            Assert.True(socket.SafeHandle.IsClosed);
            Assert.Empty(await reader.ReadAsync());
            writer.Close();

            // Never asked for: no socket is made, the descriptor is closed all the same, and afterwards
            // the transport has no socket to answer with (the number may name another file by then).
            (reader, writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            await Asyncio.Sleep(0.1);
            Keep second = made.Dequeue();
            second.Transport!.Close();
            Assert.Null(await second.Lost);
            Assert.Empty(await reader.ReadAsync());
            Assert.Null(second.Transport.GetExtraInfo("socket"));
            Assert.Equal("none", second.Transport.GetExtraInfo("peername", "none"));
            writer.Close();
            server.Close();
        });
    }

    private sealed class UpperServer(List<string> trace) : Protocol
    {
        private Transport _t = null!;

        public override void ConnectionMade(Transport transport)
        {
            _t = transport;
            trace.Add($"server connection_made, is_reading={PyFormat.Repr(transport.IsReading)}");
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            trace.Add($"server data_received {PyFormat.Bytes(data)}");
            _t.Write(B(System.Text.Encoding.ASCII.GetString(data).ToUpperInvariant()));
        }

        public override bool EofReceived()
        {
            trace.Add("server eof_received");
            _t.Write(B("BYE"));
            _t.Close();
            return true;
        }

        public override void ConnectionLost(Exception? exception) => trace.Add($"server connection_lost {PyFormat.Repr(exception)}");
    }

    private sealed class Client(List<string> trace, Future<bool> done) : Protocol
    {
        private readonly List<byte> _got = [];

        public override void ConnectionMade(Transport transport) => trace.Add("client connection_made");

        public override void DataReceived(ReadOnlySpan<byte> data) => _got.AddRange(data.ToArray());

        public override bool EofReceived()
        {
            trace.Add($"client eof_received, got {PyFormat.Bytes(_got.ToArray())}");
            return false;
        }

        public override void ConnectionLost(Exception? exception)
        {
            trace.Add($"client connection_lost {PyFormat.Repr(exception)}");
            done.SetResult(true);
        }
    }

    private sealed class Slow : Protocol
    {
        public List<string> Events { get; } = [];

        public override void PauseWriting() => Events.Add("pause");

        public override void ResumeWriting() => Events.Add("resume");
    }

    private sealed class Recorder(Future<Exception?> lost) : Protocol
    {
        public override void ConnectionLost(Exception? exception) => lost.SetResult(exception);
    }

    private sealed class Keep(EventLoop loop) : Protocol
    {
        public Transport? Transport { get; private set; }

        public Future<Exception?> Lost { get; } = loop.CreateFuture<Exception?>();

        public override void ConnectionMade(Transport transport) => Transport = transport;

        public override void ConnectionLost(Exception? exception) => Lost.SetResult(exception);
    }

    private sealed class Thrower(Future<Exception?> lost) : Protocol
    {
        public override void DataReceived(ReadOnlySpan<byte> data) => throw new InvalidOperationException("bad data");

        public override void ConnectionLost(Exception? exception) => lost.SetResult(exception);
    }

    private sealed class Collect(Future<string> done) : BufferedProtocol
    {
        private readonly byte[] _memory = new byte[64];
        private int _count;

        public override Memory<byte> GetBuffer(int sizeHint) => _memory.AsMemory(_count);

        public override void BufferUpdated(int count) => _count += count;

        public override bool EofReceived()
        {
            done.SetResult(System.Text.Encoding.ASCII.GetString(_memory, 0, _count));
            return false;
        }
    }

    private sealed class Lines(List<string> received) : Protocol
    {
        private Transport _t = null!;

        public override void ConnectionMade(Transport transport) => _t = transport;

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            string text = System.Text.Encoding.ASCII.GetString(data);
            received.Add(text);
            if (text == "ping")
            {
                _t.Write(B("PING"));
            }
        }
    }
}
