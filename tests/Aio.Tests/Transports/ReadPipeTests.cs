using System.Text;
using Aio.Tests.Support;

namespace Aio.Tests.Transports;

/// <summary>Read-pipe transports over descriptors that are not pipes.</summary>
public class ReadPipeTests
{
    [Fact]
    public void ReadPipe_OnARegularFile_OnEpoll_FailsWithAClearError_AndTheDescriptorStaysTheCallers()
    {
        // epoll_ctl refuses regular files (EPERM): the connect must say what the transport is for.
        WithFile("x", file =>
        {
            int fd = (int)file.DangerousGetHandle();
            Loops.Run(ReactorKind.Epoll, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(
                    async () => await Asyncio.WaitFor(loop.ConnectReadPipeAsync(() => new Collector(loop), fd), 5));
                Assert.Contains("pipes, sockets and character devices", error.Message, StringComparison.Ordinal);
            });
            Assert.False(file.IsClosed);
            Assert.Equal(1, RandomAccess.Read(file, new byte[1], 0)); // still open and usable by its owner
        });
    }

    [Fact]
    public void ReadPipe_OnARegularFile_OnPoll_ReadsItToTheEnd()
    {
        // poll(2) reports a regular file as always readable, so the transport reads it like a pipe that has
        // been written and closed: the data, then EOF, then connection_lost(None).
        WithFile("line one\nline two\n", file =>
        {
            int fd = (int)file.DangerousGetHandle();
            (string data, bool eof, Exception? lost) = Loops.Run(ReactorKind.Poll, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                var collector = new Collector(loop);
                await loop.ConnectReadPipeAsync(() => collector, fd);
                file.SetHandleAsInvalid(); // the transport owns the descriptor now and closes it at EOF
                Exception? error = await Asyncio.WaitFor(collector.Lost, 5);
                return (collector.Data.ToString(), collector.Eof, error);
            });
            Assert.Equal("line one\nline two\n", data);
            Assert.True(eof);
            Assert.Null(lost);
        });
    }

    private static void WithFile(string content, Action<Microsoft.Win32.SafeHandles.SafeFileHandle> test)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, content);
            using Microsoft.Win32.SafeHandles.SafeFileHandle file = File.OpenHandle(path);
            test(file);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class Collector(EventLoop loop) : Protocol
    {
        public StringBuilder Data { get; } = new();

        public bool Eof { get; private set; }

        public Future<Exception?> Lost { get; } = loop.CreateFuture<Exception?>();

        public override void DataReceived(ReadOnlySpan<byte> data) => Data.Append(Encoding.UTF8.GetString(data));

        public override bool EofReceived()
        {
            Eof = true;
            return false;
        }

        public override void ConnectionLost(Exception? exception) => Lost.TrySetResult(exception);
    }
}
