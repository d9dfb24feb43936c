using System.Net.Sockets;
using System.Text;

namespace Aio.Tests.Streams;

/// <summary>
/// One behaviour each of the <c>Twins/stream_reads</c> transcript (the twin itself is
/// <see cref="AioStreamReaderTests.Reads_FedByHand_AsCPython"/>), so that a failure names what broke.
/// </summary>
public class StreamReaderReadTests
{
    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static string S(byte[] data) => Encoding.ASCII.GetString(data);

    private static AioStreamReader Fed(string data, bool eof = false)
    {
        var reader = new AioStreamReader();
        reader.FeedData(B(data));
        if (eof)
        {
            reader.FeedEof();
        }

        return reader;
    }

    [Fact]
    public void ReadLine_ReturnsThroughTheNewline_AndLeavesTheRest() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("hello\nworld\n");
        Assert.Equal("hello\n", S(await r.ReadLineAsync()));
        Assert.Equal("world\n", S(await r.ReadLineAsync()));
    });

    [Fact]
    public void Read_ReturnsAtMostTheBytesAsked() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("world");
        Assert.Equal("wor", S(await r.ReadAsync(3)));
        Assert.Equal("ld", S(await r.ReadAsync(10)));
    });

    [Fact]
    public void ReadUntil_ReturnsThroughTheSeparator_EvenAcrossNewlines() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("ld\nab--rest");
        Assert.Equal("ld\nab", S(await r.ReadUntilAsync(B("ab"))));
        Assert.Equal("--", S(await r.ReadUntilAsync(B("--"))));
    });

    [Fact]
    public void ReadExactly_WaitsUntilEveryByteArrived_AndLeavesTheSurplus() => VirtualTime.Run(async () =>
    {
        var r = new AioStreamReader();
        AioTask<byte[]> later = Asyncio.CreateTask(r.ReadExactlyAsync(5));
        await Asyncio.Sleep(0);
        r.FeedData(B("12"));
        await Asyncio.Sleep(0);
        Assert.False(later.IsDone);
        r.FeedData(B("345678"));
        Assert.Equal("12345", S(await later));
        Assert.Equal("678", S(await r.ReadAsync(10)));
    });

    [Fact]
    public void AtEof_IsFalseWhileDataIsBufferedAfterFeedEof_AndTrueOnceDrained() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("tail");
        Assert.False(r.AtEof());
        r.FeedEof();
        Assert.False(r.AtEof());
        await r.ReadAsync(10);
        Assert.True(r.AtEof());
    });

    [Fact]
    public void ReadExactly_ShortAtEof_RaisesIncompleteReadError_WithWhatWasThere() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("678tail-without-newline", eof: true);
        IncompleteReadError e = await Assert.ThrowsAsync<IncompleteReadError>(async () => await r.ReadExactlyAsync(100));
        Assert.Equal("678tail-without-newline", S(e.Partial));
        Assert.Equal(100, e.Expected);
        Assert.Equal("23 bytes read on a total of 100 expected bytes", e.Message);
        Assert.True(r.AtEof());
    });

    [Fact]
    public void ReadUntil_SeparatorMissingAtEof_RaisesIncompleteReadError_WithNoExpectedSize() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("a--partial-", eof: true);
        Assert.Equal("a--", S(await r.ReadUntilAsync(B("--"))));
        IncompleteReadError e = await Assert.ThrowsAsync<IncompleteReadError>(async () => await r.ReadUntilAsync(B("--")));
        Assert.Equal("partial-", S(e.Partial));
        Assert.Null(e.Expected);
        Assert.Equal("8 bytes read on a total of undefined expected bytes", e.Message);
    });

    [Fact]
    public void ReadLineAndRead_AtEof_ReturnEmpty() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("", eof: true);
        Assert.Empty(await r.ReadLineAsync());
        Assert.Empty(await r.ReadAsync(10));
    });

    [Fact]
    public void Read_WithoutASize_ReadsToEof() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("line1\nrest", eof: true);
        Assert.Equal("line1\nrest", S(await r.ReadAsync()));
    });

    [Fact]
    public void AwaitForeach_YieldsLineByLine_UntilEof() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("x\ny\n", eof: true);
        var lines = new List<string>();
        await foreach (byte[] line in r)
        {
            lines.Add(S(line));
        }

        Assert.Equal(["x\n", "y\n"], lines);
    });

    [Fact]
    public void SetException_IsRaisedByTheNextRead_EvenWithDataBuffered() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("some");
        r.SetException(new SocketException((int)SocketError.ConnectionReset, "boom"));
        SocketException e = await Assert.ThrowsAsync<SocketException>(async () => await r.ReadAsync(1));
        Assert.Equal("boom", e.Message);
    });

    [Fact]
    public void NegativeReadExactly_AndEmptySeparator_AreArgumentErrors() => VirtualTime.Run(async () =>
    {
        AioStreamReader r = Fed("data");
        ArgumentException negative = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await r.ReadExactlyAsync(-1));
        Assert.StartsWith("readexactly size can not be less than zero", negative.Message, StringComparison.Ordinal);
        ArgumentException empty = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await r.ReadUntilAsync(Array.Empty<byte>()));
        Assert.StartsWith("Separator should be at least one-byte string", empty.Message, StringComparison.Ordinal);
        Assert.Equal("data", S(await r.ReadAsync(10))); // nothing was consumed
    });

    [Fact]
    public void SecondReader_WhileOneIsWaiting_IsRefused() => VirtualTime.Run(async () =>
    {
        var r = new AioStreamReader();
        AioTask<byte[]> first = Asyncio.CreateTask(r.ReadAsync(1));
        await Asyncio.Sleep(0);
        InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await r.ReadAsync(1));
        Assert.Equal("read() called while another coroutine is already waiting for incoming data", e.Message);
        r.FeedData(B("k"));
        Assert.Equal("k", S(await first)); // the first reader still gets the data
    });

    [Fact]
    public void CancelledWaitingRead_LosesNoLaterData() => VirtualTime.Run(async () =>
    {
        var r = new AioStreamReader();
        AioTask<byte[]> waiting = Asyncio.CreateTask(r.ReadAsync(1));
        await Asyncio.Sleep(0);
        waiting.Cancel();
        await Assert.ThrowsAsync<CancelledError>(async () => await waiting);
        r.FeedData(B("kept"));
        Assert.Equal("kept", S(await r.ReadAsync(10)));
    });
}
