using Aio.Tests.Support;

namespace Aio.Tests.Transports;

/// <summary>
/// What every transport must do at the edges of its lifecycle, run once per transport kind (socket, TLS,
/// read pipe, write pipe, datagram; see TransportContractTests.Kinds.cs), as the reactor contract runs once
/// per reactor: close delivers <c>ConnectionLost(null)</c> once, after buffered data has gone out; abort
/// drops the buffer and delivers <c>ConnectionLost(null)</c>; writes after the end are ignored;
/// <c>IsClosing</c>, extra info, reading pauses and write flow control behave as asyncio's
/// (Twins/transport_contract.py shows CPython doing the same for its socket and pipe transports). A
/// behaviour that does not apply to a kind (a read pipe cannot write, datagrams have no reading switch)
/// is skipped with the reason. The reactor is AIO_REACTOR's, so the suite also runs on poll.
/// </summary>
public abstract partial class TransportContractTests
{
    private const int Big = 4 * 1024 * 1024;

    /// <summary>The transport under test can send (false: a read pipe).</summary>
    protected virtual bool Writes => true;

    /// <summary>The transport under test receives and has a reading switch (false: a write pipe, datagrams).</summary>
    protected virtual bool Reads => true;

    /// <summary>A large write from the transport under test stays buffered while the peer does not read (false: datagrams).</summary>
    protected virtual bool Buffers => Writes;

    /// <summary>The received data of the transport under test comes from a <see cref="BufferedProtocol"/>.</summary>
    protected virtual bool Buffered => false;

    /// <summary>The extra-info keys the transport answers, asyncio's for the same kind.</summary>
    protected abstract string[] ExtraInfoKeys { get; }

    [Fact]
    public void Close_WithNothingBuffered_DeliversConnectionLostNoneOnce() => Run(async pair =>
    {
        Assert.False(pair.Transport.IsClosing);
        pair.Transport.Close();
        Assert.True(pair.Transport.IsClosing);
        pair.Transport.Close();
        Assert.Null(await Asyncio.WaitFor(pair.Mine.Lost, 10));
        Abort(pair.Transport); // after a completed close: nothing more
        await Asyncio.Sleep(0.1);
        Assert.Equal(1, pair.Mine.LostCalls);
        Assert.True(pair.Transport.IsClosing);
    });

    [SkippableFact]
    public void Close_WithDataBuffered_SendsItAllFirst_ThenDeliversConnectionLostOnce()
    {
        Skip.IfNot(Buffers, "this transport cannot send, or does not keep a buffer the peer can hold back");
        Run(async pair =>
        {
            HoldPeer(pair);
            Write(pair.Transport, new byte[Big]);
            Assert.True(BufferSize(pair.Transport) > 0);
            pair.Transport.Close();
            pair.Transport.Close();
            Assert.True(pair.Transport.IsClosing);
            await Asyncio.Sleep(0.1);
            Assert.Equal(0, pair.Mine.LostCalls); // still flushing
            ReleasePeer(pair);
            Assert.Null(await Asyncio.WaitFor(pair.Mine.Lost, 10));
            await Asyncio.WaitFor(pair.Theirs.Lost, 10);
            Assert.Equal(Big, pair.Theirs.Received);
            Assert.Equal(1, pair.Mine.LostCalls);
        });
    }

    [Fact]
    public void Abort_WithNothingBuffered_DeliversConnectionLostNoneOnce() => Run(async pair =>
    {
        Abort(pair.Transport);
        Assert.True(pair.Transport.IsClosing);
        Abort(pair.Transport);
        pair.Transport.Close();
        Assert.Null(await Asyncio.WaitFor(pair.Mine.Lost, 10));
        await Asyncio.Sleep(0.1);
        Assert.Equal(1, pair.Mine.LostCalls);
    });

    [SkippableFact]
    public void Abort_WithDataBuffered_DropsIt_AndDeliversConnectionLostNone()
    {
        Skip.IfNot(Buffers, "this transport cannot send, or does not keep a buffer the peer can hold back");
        Run(async pair =>
        {
            HoldPeer(pair);
            Write(pair.Transport, new byte[Big]);
            Assert.True(BufferSize(pair.Transport) > 0);
            Abort(pair.Transport);
            Assert.Equal(0, BufferSize(pair.Transport));
            Assert.Null(await Asyncio.WaitFor(pair.Mine.Lost, 10));
            ReleasePeer(pair);
            await Asyncio.WaitFor(pair.Theirs.Lost, 10);
            Assert.True(pair.Theirs.Received < Big, $"the peer received all {Big} bytes of an aborted write");
            Assert.Equal(1, pair.Mine.LostCalls);
        });
    }

    [SkippableFact]
    public void Write_AfterTheEnd_IsIgnored()
    {
        Skip.IfNot(Writes, "this transport cannot send");
        Run(async pair =>
        {
            pair.Transport.Close();
            Write(pair.Transport, "after close"u8); // ConnectionLost is scheduled: dropped, as asyncio drops it
            await Asyncio.WaitFor(pair.Mine.Lost, 10);
            Write(pair.Transport, "after connection_lost"u8);
            Abort(pair.Transport);
            Write(pair.Transport, "after abort"u8);
            await PeerHearsTheEnd(pair);
            Assert.Equal(0, pair.Theirs.Received);
        });
    }

    [Fact]
    public void GetExtraInfo_AnswersTheKindsKeys_AndTheDefaultForOthers() => Run(async pair =>
    {
        foreach (string key in ExtraInfoKeys)
        {
            Assert.True(pair.Transport.GetExtraInfo(key) is not null, $"GetExtraInfo(\"{key}\") is null");
        }

        Assert.Equal("default", pair.Transport.GetExtraInfo("no such key", "default"));
        Assert.Null(pair.Transport.GetExtraInfo("no such key"));
        Assert.Throws<ArgumentNullException>(() => pair.Transport.GetExtraInfo(null!));
        pair.Transport.Close();
        await Asyncio.WaitFor(pair.Mine.Lost, 10);
    });

    [SkippableFact]
    public void PauseAndResumeReading_AreIdempotent_AndDoNothingOnceClosing()
    {
        Skip.IfNot(Reads, "this transport has no reading switch (asyncio's has none either)");
        Run(async pair =>
        {
            var transport = (Transport)pair.Transport;
            Assert.True(transport.IsReading);
            transport.PauseReading();
            transport.PauseReading();
            Assert.False(transport.IsReading);
            SendFromPeer(pair, "while paused"u8);
            await Asyncio.Sleep(0.1);
            Assert.Equal(0, pair.Mine.Received);
            transport.ResumeReading();
            transport.ResumeReading();
            Assert.True(transport.IsReading);
            await pair.Mine.WaitForBytes("while paused".Length, 10);
            transport.Close();
            Assert.False(transport.IsReading);
            transport.PauseReading();
            transport.ResumeReading();
            Assert.False(transport.IsReading);
            await Asyncio.WaitFor(pair.Mine.Lost, 10);
            Assert.Equal("while paused".Length, pair.Mine.Received);
        });
    }

    [SkippableFact]
    public void WriteBufferLimits_DefaultFromEachOther_AndRefuseLowAboveHigh()
    {
        Skip.IfNot(Writes, "this transport cannot send");
        Run(async pair =>
        {
            Assert.Equal((16 * 1024, 64 * 1024), Limits(pair.Transport));
            SetLimits(pair.Transport, high: 1000, low: null);
            Assert.Equal((250, 1000), Limits(pair.Transport));
            SetLimits(pair.Transport, high: null, low: 100);
            Assert.Equal((100, 400), Limits(pair.Transport));
            ArgumentException error = Assert.Throws<ArgumentException>(() => SetLimits(pair.Transport, high: 1, low: 2));
            Assert.Equal("high (1) must be >= low (2) must be >= 0", error.Message);
            Assert.Equal((100, 400), Limits(pair.Transport));
            pair.Transport.Close();
            await Asyncio.WaitFor(pair.Mine.Lost, 10);
        });
    }

    [SkippableFact]
    public void PauseWriting_PastTheHighMark_ThenResumeWriting_AtTheLowMark()
    {
        Skip.IfNot(Buffers, "this transport cannot send, or does not keep a buffer the peer can hold back");
        Run(async pair =>
        {
            HoldPeer(pair);
            Write(pair.Transport, new byte[Big]);
            Write(pair.Transport, new byte[Big]); // still paused: no second PauseWriting
            Assert.Equal(["pause"], pair.Mine.Flow);
            Assert.True(pair.Mine.SizeAtPause > 64 * 1024);
            ReleasePeer(pair);
            await Asyncio.WaitFor(pair.Mine.Resumed.WaitAsync(), 10);
            Assert.Equal(["pause", "resume"], pair.Mine.Flow);
            Assert.True(pair.Mine.SizeAtResume <= 16 * 1024);
            pair.Transport.Close();
            await Asyncio.WaitFor(pair.Theirs.Lost, 10);
            Assert.Equal(2 * Big, pair.Theirs.Received);
        });
    }

    /// <summary>Opens the transport under test (its events go to <see cref="Pair.Mine"/>) and its peer.</summary>
    private protected abstract Coroutine<Pair> OpenAsync(EventLoop loop);

    /// <summary>The protocol the transport under test is opened with.</summary>
    private protected StreamProtocol Recorder(Record record) => Buffered ? new BufferedRecorder(record) : new StreamRecorder(record);

    /// <summary>Waits until the peer has heard the end of the connection (a datagram peer hears nothing: a moment passes).</summary>
    private protected virtual async Coroutine PeerHearsTheEnd(Pair pair) => await Asyncio.WaitFor(pair.Theirs.Lost, 10);

    /// <summary>The peer stops reading, so what the transport under test sends backs up into its buffer.</summary>
    private static void HoldPeer(Pair pair) => ((Transport)pair.Peer!).PauseReading();

    private static void ReleasePeer(Pair pair) => ((Transport)pair.Peer!).ResumeReading();

    /// <summary>Makes the peer send <paramref name="data"/> to the transport under test.</summary>
    private protected virtual void SendFromPeer(Pair pair, ReadOnlySpan<byte> data) => ((Transport)pair.Peer!).Write(data);

    private protected virtual void Write(BaseTransport transport, ReadOnlySpan<byte> data) => ((Transport)transport).Write(data);

    private protected virtual int BufferSize(BaseTransport transport) => ((Transport)transport).GetWriteBufferSize();

    private protected virtual void Abort(BaseTransport transport) => ((Transport)transport).Abort();

    private protected virtual (int Low, int High) Limits(BaseTransport transport) => ((Transport)transport).GetWriteBufferLimits();

    private protected virtual void SetLimits(BaseTransport transport, int? high, int? low) => ((Transport)transport).SetWriteBufferLimits(high, low);

    private void Run(Func<Pair, Coroutine> body) => Loops.Run(ReactorKind.Default, async () =>
    {
        EventLoop loop = Asyncio.GetRunningLoop();
        Pair pair = await OpenAsync(loop);
        try
        {
            await body(pair);
        }
        finally
        {
            pair.Peer?.Close();
            pair.Transport.Close();
            pair.Cleanup?.Invoke();
            await Asyncio.Sleep(0.1);
        }
    });

    /// <summary>The transport under test, its peer (the other end, when the test needs one), and what each heard.</summary>
    private protected sealed record Pair(BaseTransport Transport, Record Mine, BaseTransport? Peer, Record Theirs, Action? Cleanup = null);

    /// <summary>What a protocol heard: bytes, flow control (with the buffer size at the time), connection loss.</summary>
    private protected sealed class Record(EventLoop loop)
    {
        private Future<bool>? _bytes;
        private int _bytesWanted;

        public Future<Exception?> Lost { get; } = loop.CreateFuture<Exception?>();

        public int LostCalls { get; private set; }

        public int Received { get; private set; }

        public List<string> Flow { get; } = [];

        public int SizeAtPause { get; private set; }

        public int SizeAtResume { get; private set; }

        public AioEvent Resumed { get; } = new();

        public BaseTransport? Transport { get; set; }

        public void OnReceived(int count)
        {
            Received += count;
            if (_bytes is not null && Received >= _bytesWanted)
            {
                _bytes.TrySetResult(true);
            }
        }

        public async Coroutine WaitForBytes(int count, double timeout)
        {
            if (Received < count)
            {
                _bytesWanted = count;
                _bytes = loop.CreateFuture<bool>();
                await Asyncio.WaitFor(_bytes, timeout);
            }
        }

        public void OnPause(int size)
        {
            Flow.Add("pause");
            SizeAtPause = size;
        }

        public void OnResume(int size)
        {
            Flow.Add("resume");
            SizeAtResume = size;
            Resumed.Set();
        }

        public void OnLost(Exception? exception)
        {
            LostCalls++;
            Lost.TrySetResult(exception);
        }
    }

    /// <summary>A stream protocol feeding a <see cref="Record"/>.</summary>
    private protected sealed class StreamRecorder(Record record) : Protocol
    {
        public override void ConnectionMade(Transport transport) => record.Transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data) => record.OnReceived(data.Length);

        public override void PauseWriting() => record.OnPause(((Transport)record.Transport!).GetWriteBufferSize());

        public override void ResumeWriting() => record.OnResume(((Transport)record.Transport!).GetWriteBufferSize());

        public override void ConnectionLost(Exception? exception) => record.OnLost(exception);
    }

    /// <summary>A buffered protocol feeding a <see cref="Record"/>, through small buffers so deliveries span several.</summary>
    private protected sealed class BufferedRecorder(Record record) : BufferedProtocol
    {
        private readonly byte[] _buffer = new byte[7];

        public override void ConnectionMade(Transport transport) => record.Transport = transport;

        public override Memory<byte> GetBuffer(int sizeHint) => _buffer;

        public override void BufferUpdated(int count) => record.OnReceived(count);

        public override void PauseWriting() => record.OnPause(((Transport)record.Transport!).GetWriteBufferSize());

        public override void ResumeWriting() => record.OnResume(((Transport)record.Transport!).GetWriteBufferSize());

        public override void ConnectionLost(Exception? exception) => record.OnLost(exception);
    }
}
