using System.Net.Sockets;
using System.Text;
using Aio.Tests.Support;

namespace Aio.Tests.Loop;

/// <summary>
/// What every reactor must do, run once per reactor (<see cref="EpollReactorTests"/>,
/// <see cref="PollReactorTests"/>): readiness reaches the right callback on the loop thread, removed
/// callbacks never run, hang-ups are reported, other threads can wake a blocked poll, and the
/// socket operations built on readiness behave as asyncio's.
/// </summary>
public abstract partial class ReactorContractTests
{
    protected abstract ReactorKind Kind { get; }

    [Fact]
    public void AddReader_PeerSends_CallbackRunsOnLoopThread()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            string received = Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                var got = loop.CreateFuture<string>();
                int loopThread = Environment.CurrentManagedThreadId;
                loop.AddReader(b, () =>
                {
                    Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
                    var buffer = new byte[16];
                    int n = b.Receive(buffer);
                    loop.RemoveReader(b);
                    got.SetResult(Encoding.ASCII.GetString(buffer, 0, n));
                });
                a.Send("ping"u8);
                return await got;
            });
            Assert.Equal("ping", received);
        }
    }

    [Fact]
    public void AddReader_NothingToRead_CallbackNeverRuns()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            int calls = Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                int n = 0;
                loop.AddReader(b, () => n++);
                await Asyncio.Sleep(10);
                Assert.True(loop.RemoveReader(b));
                return n;
            });
            Assert.Equal(0, calls);
        }
    }

    [Fact]
    public void RemoveReader_ReportsWhetherOneWasRegistered()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                Assert.False(loop.RemoveReader(b));
                loop.AddReader(b, () => { });
                Assert.True(loop.RemoveReader(b));
                Assert.False(loop.RemoveReader(b));
                Assert.False(loop.RemoveWriter(b));
                await Asyncio.Sleep(0);
            });
        }
    }

    [Fact]
    public void AddReader_Twice_SecondReplacesFirst()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            string who = Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                var got = loop.CreateFuture<string>();
                loop.AddReader(b, () => got.TrySetResult("first"));
                loop.AddReader(b, () => got.TrySetResult("second"));
                a.Send("x"u8);
                string result = await got;
                loop.RemoveReader(b);
                return result;
            });
            Assert.Equal("second", who);
        }
    }

    [Fact]
    public void AddWriter_ConnectedSocket_IsWritableAtOnce()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                var writable = loop.CreateFuture<bool>();
                loop.AddWriter(a, () =>
                {
                    loop.RemoveWriter(a);
                    writable.SetResult(true);
                });
                Assert.True(await writable);
            });
        }
    }

    [Fact]
    public void ReaderAndWriter_OnOneDescriptor_BothRun_AndRemovingOneKeepsTheOther()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                var readable = loop.CreateFuture<bool>();
                var writable = loop.CreateFuture<bool>();
                loop.AddReader(b, () => readable.TrySetResult(true));
                loop.AddWriter(b, () => writable.TrySetResult(true));
                await writable;
                Assert.True(loop.RemoveWriter(b));
                Assert.False(readable.IsDone);
                a.Send("x"u8);
                await readable;
                Assert.True(loop.RemoveReader(b));
            });
        }
    }

    [Fact]
    public void RemoveReader_OfAnotherReadySource_InTheSameIteration_KeepsItFromRunning()
    {
        (Socket a1, Socket b1) = Loops.SocketPair();
        (Socket a2, Socket b2) = Loops.SocketPair();
        using (a1)
        using (b1)
        using (a2)
        using (b2)
        {
            int calls = Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                int n = 0;
                void OnEither()
                {
                    n++;
                    loop.RemoveReader(b1);
                    loop.RemoveReader(b2);
                }

                loop.AddReader(b1, OnEither);
                loop.AddReader(b2, OnEither);
                a1.Send("x"u8);
                a2.Send("y"u8);
                await Asyncio.Sleep(0);
                await Asyncio.Sleep(1);
                return n;
            });
            Assert.Equal(1, calls);
        }
    }

    [Fact]
    public void PeerCloses_ReaderIsCalled_AndSeesEndOfStream()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (b)
        {
            int received = Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                var got = loop.CreateFuture<int>();
                loop.AddReader(b, () =>
                {
                    loop.RemoveReader(b);
                    got.SetResult(b.Receive(new byte[8]));
                });
                a.Close();
                return await got;
            });
            Assert.Equal(0, received);
        }
    }

    [Fact]
    public void CallSoonThreadsafe_FromAnotherThread_WakesALoopBlockedInPoll()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            string result = Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                loop.AddReader(b, () => { });
                var woken = loop.CreateFuture<string>();
                var thread = new Thread(() => loop.CallSoonThreadsafe(() => woken.SetResult("woken")));
                thread.Start();
                string value = await woken;
                thread.Join();
                loop.RemoveReader(b);
                return value;
            });
            Assert.Equal("woken", result);
        }
    }

    [Fact]
    public void ManyDescriptors_EveryOneIsReported()
    {
        var pairs = Enumerable.Range(0, 150).Select(_ => Loops.SocketPair()).ToList();
        try
        {
            int seen = Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                var all = loop.CreateFuture<int>();
                int count = 0;
                foreach ((Socket a, Socket b) in pairs)
                {
                    loop.AddReader(b, () =>
                    {
                        b.Receive(new byte[8]);
                        loop.RemoveReader(b);
                        if (++count == pairs.Count)
                        {
                            all.SetResult(count);
                        }
                    });
                }

                foreach ((Socket a, _) in pairs)
                {
                    a.Send("x"u8);
                }

                return await all;
            });
            Assert.Equal(pairs.Count, seen);
        }
        finally
        {
            foreach ((Socket a, Socket b) in pairs)
            {
                a.Dispose();
                b.Dispose();
            }
        }
    }

    [Fact]
    public void AddReader_DescriptorNotOpen_ThrowsArgumentException_AndLoopCarriesOn()
    {
        Loops.Run(Kind, async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            Assert.Throws<ArgumentException>(() => loop.AddReader(100_000, () => { }));
            Assert.Throws<ArgumentException>(() => loop.AddReader(-1, () => { }));
            Assert.False(loop.RemoveReader(100_000));
            await Asyncio.Sleep(1);
        });
    }

    [Fact]
    public void AddReader_CallbackThrows_GoesToExceptionHandler_AndLoopCarriesOn()
    {
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            var contexts = new List<ExceptionContext>();
            Loops.Run(Kind, async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                loop.SetExceptionHandler((_, c) => contexts.Add(c));
                loop.AddReader(b, () =>
                {
                    loop.RemoveReader(b);
                    throw new InvalidOperationException("boom");
                });
                a.Send("x"u8);
                await Asyncio.Sleep(1);
            });
            ExceptionContext context = Assert.Single(contexts);
            Assert.IsType<InvalidOperationException>(context.Exception);
            Assert.NotNull(context.Handle);
        }
    }
}

public sealed class EpollReactorTests : ReactorContractTests
{
    protected override ReactorKind Kind => ReactorKind.Epoll;
}

public sealed class PollReactorTests : ReactorContractTests
{
    protected override ReactorKind Kind => ReactorKind.Poll;
}
