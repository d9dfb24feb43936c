using Aio.Tests.Support;

namespace Aio.Tests.Loop;

public class EventLoopTests
{
    [Fact]
    public void CallSoon_RunsFifoAndOneBatchPerIteration_SameDelayTimersInOrder_AsCPython()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var trace = new List<string>();
        void Callback(object? state)
        {
            var name = (string)state!;
            trace.Add(name);
            if (name == "a")
            {
                loop.CallSoon(Callback, "a-child");
            }
        }

        loop.CallSoon(Callback, "a");
        loop.CallSoon(Callback, "b");
        loop.CallSoon(Callback, "cancelled").Cancel();
        loop.CallSoon(Callback, "c");
        foreach (string n in new[] { "t1", "t2", "t3" })
        {
            loop.CallLater(1, Callback, n);
        }

        loop.CallLater(1, Callback, "t-cancelled").Cancel();
        loop.CallLater(0.5, Callback, "t0");
        loop.CallLater(2, loop.Stop);
        loop.RunForever();

        Twin.AssertSame("loop_call_soon_fifo", [string.Join(' ', trace)]);
    }

    [Fact]
    public void CallAt_SameDeadline_RunsInSchedulingOrder()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var trace = new List<int>();
        double when = loop.Time() + 1;
        for (int i = 0; i < 50; i++)
        {
            int n = i;
            loop.CallAt(when, () => trace.Add(n));
        }

        loop.CallAt(when, loop.Stop);
        loop.RunForever();

        Assert.Equal(Enumerable.Range(0, 50), trace);
    }

    [Fact]
    public void Stop_RunsCurrentBatchThenReturns_LeavesNewCallbacksForNextRun()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var trace = new List<string>();
        loop.CallSoon(() =>
        {
            trace.Add("first");
            loop.Stop();
            loop.CallSoon(() => trace.Add("scheduled by first"));
        });
        loop.CallSoon(() => trace.Add("second"));

        loop.RunForever();
        Assert.Equal(["first", "second"], trace);

        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.Equal(["first", "second", "scheduled by first"], trace);
    }

    [Fact]
    public void CallbackException_GoesToHandler_LoopKeepsRunning_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.SetExceptionHandler((_, context) =>
                trace.Add($"handler: ['{string.Join("', '", context.Message.Split(' ')[0..3])}'] {context.Exception!.GetType().Name}('{context.Exception.Message}')"));
            loop.CallSoon(() => throw new ValueError("boom"));
            loop.CallSoon(() => trace.Add("next callback ran"));
            await Asyncio.Sleep(0.1);
            trace.Add("main still running");
        });

        Twin.AssertSame("callback_exception", trace);
    }

    [Fact]
    public void ExceptionHandler_ThatThrows_IsLoggedAndLoopContinues()
    {
        var ran = false;
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.SetExceptionHandler((_, _) => throw new InvalidOperationException("handler broke"));
            loop.CallSoon(() => throw new InvalidOperationException("first"));
            loop.CallSoon(() => ran = true);
            await Asyncio.Sleep(0);
            await Asyncio.Sleep(0);
        });

        Assert.True(ran);
    }

    [Fact]
    public void CallSoonThreadsafe_FromOtherThreads_WakesTheLoop()
    {
        using var loop = new EventLoop();
        int count = 0;
        const int Threads = 4;
        const int PerThread = 500;
        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                loop.CallSoonThreadsafe(() =>
                {
                    if (++count == Threads * PerThread)
                    {
                        loop.Stop();
                    }
                });
            }
        })).ToList();
        loop.CallSoon(() => workers.ForEach(w => w.Start()));

        loop.RunForever();

        workers.ForEach(w => w.Join());
        Assert.Equal(Threads * PerThread, count);
    }

    [Fact]
    public void Time_OnVirtualClock_AdvancesOnlyToTimers()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var seen = new List<double>();
        loop.CallLater(3600, () => seen.Add(loop.Time()));
        loop.CallLater(7200, () =>
        {
            seen.Add(loop.Time());
            loop.Stop();
        });

        loop.RunForever();

        Assert.Equal([3600, 7200], seen);
    }

    [Fact]
    public void RunUntilComplete_WhenStoppedEarly_Throws_AndLoopStaysUsable()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        Future<int> never = loop.CreateFuture<int>();
        loop.CallSoon(loop.Stop);

        var error = Assert.Throws<InvalidOperationException>(() => loop.RunUntilComplete(never));
        Assert.Equal("Event loop stopped before Future completed.", error.Message);

        loop.CallSoon(() => never.SetResult(7));
        Assert.Equal(7, loop.RunUntilComplete(never));
    }

    /// <summary>Named after Python's exception so the handler's text matches CPython's.</summary>
    private sealed class ValueError(string message) : Exception(message);
}

public class EventLoopPolicyTests
{
    [Fact]
    public void GetRunningLoop_WithoutARunningLoop_Raises()
    {
        Assert.StartsWith("no running event loop", Assert.Throws<InvalidOperationException>(Asyncio.GetRunningLoop).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetEventLoop_OnAThreadOtherThanMain_NeedsSetEventLoop()
    {
        string? before = null;
        EventLoop? after = null;
        using var loop = new EventLoop();
        var thread = new Thread(() =>
        {
            try
            {
                Asyncio.GetEventLoop();
            }
            catch (InvalidOperationException e)
            {
                before = e.Message;
            }

            Asyncio.SetEventLoop(loop);
            after = Asyncio.GetEventLoop();
            Asyncio.SetEventLoop(null);
        })
        {
            Name = "worker",
        };
        thread.Start();
        thread.Join();
        Assert.Equal("There is no current event loop in thread 'worker'.", before);
        Assert.Same(loop, after);
    }

    [Fact]
    public void GetEventLoop_InsideARunningLoop_ReturnsIt()
    {
        VirtualTime.Run(async () =>
        {
            Assert.Same(Asyncio.GetRunningLoop(), Asyncio.GetEventLoop());
            await Asyncio.Sleep(0);
        });
    }
}
