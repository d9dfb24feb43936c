using System.Diagnostics;
using System.Net.Sockets;
using Aio.Tests.Support;

namespace Aio.Tests.Regressions;

/// <summary>Bad-input and misuse defects a review of the public API found; each test failed before its fix.</summary>
public class PublicApiReviewFindingsTests
{
    private sealed class NullProtocol : Protocol
    {
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    // 1. The reactors reset the wake-up flag before draining the wake-up fd: a Wake() in between
    //    is drained, the flag stays set, and every later Wake() is skipped, so the loop sleeps in
    //    poll()/epoll_wait() with thread-safe work queued.
    [Theory]
    [InlineData(ReactorKind.Poll)]
    [InlineData(ReactorKind.Epoll)]
    public void CallSoonThreadsafe_AfterABurstOfWakeUps_StillWakesAnIdleLoop(ReactorKind kind)
    {
        using var loop = new EventLoop(new MonotonicClock(), kind);
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            loop.AddReader(a, loop.Stop); // only to get a stuck loop out of poll() at the end
            var runner = new Thread(loop.RunForever) { IsBackground = true };
            runner.Start();
            int lostAt = -1;
            var watch = Stopwatch.StartNew();
            for (int round = 0; round < 150 && watch.Elapsed < TimeSpan.FromSeconds(10); round++)
            {
                for (int i = 0; i < 2000; i++)
                {
                    loop.CallSoonThreadsafe(() => { });
                }

                using var drained = new ManualResetEventSlim();
                loop.CallSoonThreadsafe(drained.Set);
                drained.Wait(TimeSpan.FromSeconds(5));
                Thread.Sleep(2); // the loop goes back to sleep with nothing to do
                using var probe = new ManualResetEventSlim();
                loop.CallSoonThreadsafe(probe.Set);
                if (!probe.Wait(TimeSpan.FromSeconds(2)))
                {
                    lostAt = round;
                    break;
                }
            }

            b.Send(new byte[1]);
            runner.Join(TimeSpan.FromSeconds(5));
            Assert.True(lostAt < 0, $"a CallSoonThreadsafe wake-up was lost in round {lostAt}: the loop slept with work queued");
        }
    }

    // 2. limit <= 0 is not checked before spawning: the child starts, ConnectionMade throws inside a
    //    callback, the call "succeeds" with Stdout == null although Stdio.Pipe was asked for, and the
    //    child keeps running.
    [Fact]
    public void CreateSubprocessExec_WithLimitZero_RaisesBeforeSpawning()
    {
        VirtualTime.Run(async () =>
        {
            AioProcess? process = null;
            Exception? error = null;
            try
            {
                process = await Asyncio.CreateSubprocessExec("sleep", ["5"], stdout: Stdio.Pipe, limit: 0);
            }
            catch (Exception e)
            {
                error = e;
            }

            if (process is not null)
            {
                bool hadStdout = process.Stdout is not null;
                process.Kill();
                await process.WaitAsync();
                Assert.Fail($"a child was spawned (stdout piped: {hadStdout}) instead of ArgumentOutOfRangeException");
            }

            Assert.Equal("limit", Assert.IsType<ArgumentOutOfRangeException>(error).ParamName);
        });
    }

    // 3. high defaults to 4 * low in int arithmetic: a large low overflows and a valid call is
    //    rejected with "high (-1894967296) must be >= low". CPython accepts set_write_buffer_limits(low=600_000_000).
    [Fact]
    public void SetWriteBufferLimits_WithALargeLowMark_IsAccepted()
    {
        VirtualTime.Run(async () =>
        {
            (Socket a, Socket b) = Loops.SocketPair();
            using (b)
            {
                (Transport transport, _) = await Asyncio.GetRunningLoop().CreateConnectionAsync(() => new NullProtocol(), a);
                Exception? error = Record(() => transport.SetWriteBufferLimits(low: 600_000_000));
                (int low, int high) = transport.GetWriteBufferLimits();
                transport.Close();
                Assert.Null(error);
                Assert.Equal(600_000_000, low);
                Assert.True(high >= low);
            }
        });
    }

    // 4. AddDoneCallback on a done future whose loop is closed enqueues into the closed loop: the
    //    callback is silently lost. CPython: RuntimeError('Event loop is closed').
    [Fact]
    public void AddDoneCallback_OnAClosedLoop_RaisesInsteadOfDroppingTheCallback()
    {
        EventLoop loop = VirtualTime.NewLoop();
        Future<int> future = loop.CreateFuture<int>();
        future.SetResult(1);
        loop.Close();
        Exception? error = Record(() => future.AddDoneCallback(_ => { }));
        Assert.Equal("Event loop is closed", Assert.IsType<InvalidOperationException>(error).Message);
    }

    // 5. EnsureFuture(null) returns null; the caller fails later with a NullReferenceException.
    //    CPython: ensure_future(None) raises TypeError.
    [Fact]
    public void EnsureFuture_OfNull_ThrowsArgumentNullException()
    {
        VirtualTime.Run(async () =>
        {
            await Asyncio.Sleep(0);
            Assert.IsType<ArgumentNullException>(Record(() => Asyncio.EnsureFuture((Future)null!)));
        });
    }

    // 6. A null element in AsCompleted gives NullReferenceException, after callbacks were already
    //    attached to the futures before it.
    [Fact]
    public void AsCompleted_WithANullFuture_ThrowsArgumentException_AndLeavesTheOthersAlone()
    {
        VirtualTime.Run(async () =>
        {
            await Asyncio.Sleep(0);
            Future<int> good = Asyncio.GetRunningLoop().CreateFuture<int>();
            Exception? error = Record(() => Asyncio.AsCompleted(new[] { good, null! }));
            Assert.IsAssignableFrom<ArgumentException>(error);
            good.SetResult(1);
        });
    }

    // 7. A loop factory that returns null gives NullReferenceException from Run / Runner / LoopGroup.
    [Fact]
    public void LoopFactoryReturningNull_IsAClearError()
    {
        Exception? viaRun = Record(() => Asyncio.Run(async () => await Task.CompletedTask, loopFactory: () => null!));
        using var runner = new Runner(loopFactory: () => null!);
        Exception? viaRunner = Record(() => runner.Run(async () => await Task.CompletedTask));
        Assert.IsAssignableFrom<InvalidOperationException>(viaRun);
        Assert.IsAssignableFrom<InvalidOperationException>(viaRunner);
    }

    // 8. An undefined ReactorKind is accepted and silently becomes the I/O-less reactor; the first
    //    socket then fails with PlatformNotSupportedException on a platform that supports it.
    [Fact]
    public void EventLoop_WithAnUndefinedReactorKind_ThrowsArgumentOutOfRange()
    {
        Exception? error = Record(() => new EventLoop(new MonotonicClock(), (ReactorKind)42).Close());
        Assert.IsType<ArgumentOutOfRangeException>(error);
    }

    // 9. A put that fails (items not comparable) leaves the item in the queue but not counted in
    //    UnfinishedTasks: QSize 2, UnfinishedTasks 1, so Join() returns with an item pending and a
    //    later TaskDone raises "called too many times". (CPython's heappush leaves the same state.)
    [Fact]
    public void PriorityQueue_FailedPut_LeavesTheQueueConsistent()
    {
        VirtualTime.Run(async () =>
        {
            await Asyncio.Sleep(0);
            var queue = new AioPriorityQueue<object>();
            Assert.True(queue.TryPut(new object()));
            Exception? error = Record(() => queue.TryPut(new object()));
            Assert.NotNull(error);
            Assert.Equal(1, queue.QSize);
            Assert.Equal(queue.QSize, queue.UnfinishedTasks);
        });
    }

    // 10. AddReader(-1) reports ParamName "source" (an internal parameter), not "fd".
    [Fact]
    public void AddReader_WithANegativeFd_NamesTheFdParameter()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var error = Assert.IsAssignableFrom<ArgumentException>(Record(() => loop.AddReader(-1, () => { })));
        Assert.Equal("fd", error.ParamName);
        loop.RunUntilComplete(async () => await Asyncio.Sleep(0.1));
    }
}
