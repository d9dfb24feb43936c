using Aio.Python;
using System.Net.Sockets;
using Aio.Tests.Support;

namespace Aio.Tests.Streams;

public class AioStreamReaderTests
{
    private static string R(byte[] data) => PyFormat.Bytes(data);

    private static byte[] B(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    private static string Message(ArgumentException e) => e.Message.Split(" (Parameter")[0];

    [Fact]
    public void Reads_FedByHand_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            var r = new AioStreamReader();
            r.FeedData(B("hello\nworld\nab"));
            trace.Add($"readline {R(await r.ReadLineAsync())}");
            trace.Add($"read(3) {R(await r.ReadAsync(3))}");
            trace.Add($"readuntil {R(await r.ReadUntilAsync(B("ab")))}");
            trace.Add($"at_eof {PyFormat.Repr(r.AtEof())}");
            AioTask<byte[]> later = Asyncio.CreateTask(r.ReadExactlyAsync(5));
            await Asyncio.Sleep(0);
            r.FeedData(B("12"));
            await Asyncio.Sleep(0);
            trace.Add($"readexactly waiting after 2 bytes: done={PyFormat.Repr(later.IsDone)}");
            r.FeedData(B("345678"));
            trace.Add($"readexactly {R(await later)}");
            r.FeedData(B("tail-without-newline"));
            r.FeedEof();
            trace.Add($"at_eof with data buffered {PyFormat.Repr(r.AtEof())}");
            try
            {
                await r.ReadExactlyAsync(100);
            }
            catch (IncompleteReadError e)
            {
                trace.Add($"IncompleteReadError partial={R(e.Partial)} expected={PyFormat.Repr(e.Expected)} msg={e.Message}");
            }

            trace.Add($"at_eof {PyFormat.Repr(r.AtEof())}");
            trace.Add($"readline at eof {R(await r.ReadLineAsync())}");
            trace.Add($"read at eof {R(await r.ReadAsync(10))}");
            var r2 = new AioStreamReader();
            r2.FeedData(B("a--b--partial-"));
            r2.FeedEof();
            trace.Add($"readuntil {R(await r2.ReadUntilAsync(B("--")))}");
            trace.Add($"readuntil {R(await r2.ReadUntilAsync(B("--")))}");
            try
            {
                await r2.ReadUntilAsync(B("--"));
            }
            catch (IncompleteReadError e)
            {
                trace.Add($"IncompleteReadError partial={R(e.Partial)} expected={PyFormat.Repr(e.Expected)} msg={e.Message}");
            }

            var r3 = new AioStreamReader();
            r3.FeedData(B("line1\nrest"));
            r3.FeedEof();
            trace.Add($"read(-1) {R(await r3.ReadAsync())}");
            var r4 = new AioStreamReader();
            r4.FeedData(B("x\ny\n"));
            r4.FeedEof();
            var lines = new List<string>();
            await foreach (byte[] line in r4)
            {
                lines.Add(R(line));
            }

            trace.Add($"async for [{string.Join(", ", lines)}]");
            var r5 = new AioStreamReader();
            r5.FeedData(B("some"));
            r5.SetException(new SocketException((int)SocketError.ConnectionReset, "boom"));
            try
            {
                await r5.ReadAsync(1);
            }
            catch (SocketException e)
            {
                trace.Add($"read raises stored exception: {e.Message}");
            }

            try
            {
                await r.ReadExactlyAsync(-1);
            }
            catch (ArgumentException e)
            {
                trace.Add($"readexactly(-1): {Message(e)}");
            }

            try
            {
                await r.ReadUntilAsync(Array.Empty<byte>());
            }
            catch (ArgumentException e)
            {
                trace.Add($"readuntil(b''): {Message(e)}");
            }

            var r6 = new AioStreamReader();
            AioTask<byte[]> t1 = Asyncio.CreateTask(r6.ReadAsync(1));
            await Asyncio.Sleep(0);
            try
            {
                await r6.ReadAsync(1);
            }
            catch (InvalidOperationException e)
            {
                trace.Add($"second reader: {e.Message}");
            }

            t1.Cancel();
            try
            {
                await t1;
            }
            catch (CancelledError)
            {
                trace.Add("waiting read cancelled");
            }

            r6.FeedData(B("kept"));
            trace.Add($"data after cancelled read {R(await r6.ReadAsync(10))}");
        });
        Twin.AssertSame("stream_reads", trace);
    }

    [Fact]
    public void Limits_ReadUntilKeepsData_ReadLineDropsIt_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            var r = new AioStreamReader(limit: 8);
            r.FeedData(B("0123456789abc"));
            try
            {
                await r.ReadUntilAsync(B("\n"));
            }
            catch (LimitOverrunError e)
            {
                trace.Add($"readuntil: LimitOverrunError consumed={e.Consumed} msg={e.Message}");
            }

            trace.Add($"still buffered: {R(await r.ReadAsync(4))}");
            r.FeedData(B("\nnext\n"));
            try
            {
                await r.ReadLineAsync();
            }
            catch (InvalidDataException e)
            {
                trace.Add($"readline: ValueError {e.Message}");
            }

            trace.Add($"after overlong line: {R(await r.ReadLineAsync())}");
            var r2 = new AioStreamReader(limit: 4);
            r2.FeedData(B("abcdefgh\nxy\n"));
            try
            {
                await r2.ReadUntilAsync(B("\n"));
            }
            catch (LimitOverrunError e)
            {
                trace.Add($"separator too far: consumed={e.Consumed} msg={e.Message}");
            }

            try
            {
                await r2.ReadLineAsync();
            }
            catch (InvalidDataException e)
            {
                trace.Add($"readline: ValueError {e.Message}");
            }

            trace.Add($"next line: {R(await r2.ReadLineAsync())}");
            var r3 = new AioStreamReader(limit: 4);
            r3.FeedData(B("abcd\n"));
            trace.Add($"line exactly at limit: {R(await r3.ReadLineAsync())}");
            var r4 = new AioStreamReader(limit: 4);
            r4.FeedData(B("abcdefghij"));
            try
            {
                await r4.ReadLineAsync();
            }
            catch (InvalidDataException e)
            {
                trace.Add($"no newline, over limit: ValueError {e.Message}");
            }

            r4.FeedEof();
            trace.Add($"buffer cleared: at_eof={PyFormat.Repr(r4.AtEof())}");
            try
            {
                _ = new AioStreamReader(limit: 0);
            }
            catch (ArgumentException e)
            {
                trace.Add($"limit=0: {Message(e)}");
            }
        });
        Twin.AssertSame("stream_limits", trace);
    }

    [Fact]
    public void ReadIntoMemory_CopiesWhatIsBuffered_AndZeroAtEof()
    {
        VirtualTime.Run(async () =>
        {
            var r = new AioStreamReader();
            var buffer = new byte[4];
            AioTask<int> pending = Asyncio.CreateTask(r.ReadAsync(buffer.AsMemory()));
            await Asyncio.Sleep(0);
            r.FeedData(B("abcdef"));
            Assert.Equal(4, await pending);
            Assert.Equal("abcd", System.Text.Encoding.ASCII.GetString(buffer));
            Assert.Equal(2, await r.ReadAsync(buffer.AsMemory()));
            r.FeedEof();
            Assert.Equal(0, await r.ReadAsync(buffer.AsMemory()));
        });
    }

    [Fact]
    public void FeedData_AfterFeedEof_Throws()
    {
        VirtualTime.Run(async () =>
        {
            var r = new AioStreamReader();
            r.FeedEof();
            Assert.Throws<InvalidOperationException>(() => r.FeedData(B("x")));
            await Asyncio.Sleep(0);
        });
    }
}
