using Aio.Tests.Support;

namespace Aio.Tests.Regressions;

/// <summary>Behaviours an independent review found wrong, each checked against CPython where asyncio has it.</summary>
public class ReviewFindingsTests
{
    private static async Coroutine Consumer(AioQueue<int> q, List<string> output)
    {
        try
        {
            while (true)
            {
                output.Add($"got {await q.GetAsync()}");
            }
        }
        finally
        {
            output.Add("consumer finally");
        }
    }

    [Fact]
    public void Run_CancelsATaskWaitingOnAQueue_AndItsFinallyRuns_AsCPython()
    {
        var output = new List<string>();
        VirtualTime.Run(async () =>
        {
            var q = new AioQueue<int>();
            _ = Asyncio.CreateTask(Consumer(q, output));
            await Asyncio.Sleep(0.1);
            output.Add("main done");
        });
        output.Add("run returned");
        Twin.AssertSame("run_cancels_waiting_consumer", output);
    }

    [Fact]
    public void Run_KeepsTheMainError_WhenTasksWaitOnPrimitives()
    {
        var error = Assert.Throws<ArgumentException>(() => VirtualTime.Run(async () =>
        {
            var ev = new AioEvent();
            _ = Asyncio.CreateTask(ev.WaitAsync().AsCoroutine());
            await Asyncio.Sleep(0);
            throw new ArgumentException("the real error");
        }));
        Assert.Equal("the real error", error.Message);
    }

    [Fact]
    public void WaitersCancelledOrFedBetweenRuns_ResumeOnTheNextRun_AsCPython()
    {
        var output = new List<string>();
        using EventLoop loop = VirtualTime.NewLoop();
        var ev = new AioEvent();
        AioTask t = loop.CreateTask(WaitEvent(ev));
        loop.RunUntilComplete(Asyncio.Sleep(0).AsCoroutine());
        t.Cancel();
        try
        {
            loop.RunUntilComplete(t);
        }
        catch (CancelledError)
        {
        }

        output.Add($"cancelled={t.IsCancelled} done={t.IsDone}");
        var q = new AioQueue<int>();
        AioTask<int> getter = loop.CreateTask(GetFrom(q));
        loop.RunUntilComplete(Asyncio.Sleep(0).AsCoroutine());
        Assert.True(q.TryPut(1));
        output.Add(loop.RunUntilComplete(getter).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Twin.AssertSame("waiters_woken_between_runs", output);

        async Coroutine WaitEvent(AioEvent e)
        {
            try
            {
                await e.WaitAsync();
            }
            finally
            {
                output.Add("waiter finally");
            }
        }

        static async Coroutine<int> GetFrom(AioQueue<int> queue) => await queue.GetAsync();
    }

    [Fact]
    public void EventSetWhileAnotherLoopRuns_WakesTheWaiterOnItsOwnLoop_AsCPython()
    {
        var output = new List<string>();
        var ev = new AioEvent();
        using EventLoop a = VirtualTime.NewLoop();
        using EventLoop b = VirtualTime.NewLoop();
        AioTask t = a.CreateTask(Waiter());
        a.RunUntilComplete(Asyncio.Sleep(0).AsCoroutine());
        b.RunUntilComplete(Setter());
        a.RunUntilComplete(t);
        Twin.AssertSame("waiter_resumes_on_its_own_loop", output);

        async Coroutine Waiter()
        {
            await ev.WaitAsync();
            output.Add($"waiter resumed on {(Asyncio.GetRunningLoop() == a ? "A" : "B")}");
        }

        async Coroutine Setter()
        {
            ev.Set();
            await Asyncio.Sleep(0.01);
            output.Add($"B done, t.done = {t.IsDone}");
        }
    }

    [Fact]
    public void CancelTwice_TheDeliveredErrorKeepsTheFirstMessage_AsCPython()
    {
        var output = new List<string>();
        VirtualTime.Run(async () =>
        {
            Future<object?> fut = Asyncio.GetRunningLoop().CreateFuture();
            AioTask t = Asyncio.CreateTask(async () =>
            {
                try
                {
                    await fut;
                }
                catch (CancelledError e)
                {
                    output.Add($"waiter got {Aio.Tests.Tasks.TaskTests.PyArgs(e)}");
                    throw;
                }
            });
            await Asyncio.Sleep(0);
            t.Cancel("a");
            t.Cancel("b");
            output.Add($"cancelling {t.Cancelling()}");
            try
            {
                await t;
            }
            catch (CancelledError e)
            {
                output.Add($"main got {Aio.Tests.Tasks.TaskTests.PyArgs(e)}");
            }
        });
        Twin.AssertSame("cancel_twice_keeps_first_message", output);
    }

    [Fact]
    public void Callbacks_RunInTheContextTheyWereScheduledFrom_AndDoNotLeak_AsCPython()
    {
        var output = new List<string>();
        var v = new AsyncLocal<string>();
        string V() => v.Value ?? "unset";
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            v.Value = "main";
            Future<int> fut = loop.CreateFuture<int>();
            fut.AddDoneCallback(_ => output.Add($"done cb sees {V()}"));
            loop.CallSoon(() => output.Add($"call_soon sees {V()}"));
            loop.CallLater(0.01, () => output.Add($"call_later sees {V()}"));
            fut.SetResult(1);
            await Asyncio.Sleep(0.1);
            loop.CallSoon(() => v.Value = "leaked");
            loop.CallSoon(() => output.Add($"next callback sees {V()}"));
            await Asyncio.Sleep(0);
            output.Add($"main sees {V()}");
        });
        Twin.AssertSame("callbacks_run_in_scheduling_context", output);
    }

    [Fact]
    public void Timeout_AroundAForeignAwaitGivenTheTaskToken_RaisesTimeout()
    {
        VirtualTime.Run(async () =>
        {
            await Assert.ThrowsAsync<TimeoutException>(async () =>
            {
                await using (Asyncio.Timeout(0.1))
                {
                    await Task.Delay(5000, Asyncio.CurrentTask()!.CancellationToken);
                }
            });
            await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(Fetch(), 0.1));
            Assert.Equal(0, Asyncio.CurrentTask()!.Cancelling());
            Assert.False(Asyncio.CurrentTask()!.CancellationToken.IsCancellationRequested);
        });

        static async Coroutine Fetch() => await Task.Delay(5000, Asyncio.CurrentTask()!.CancellationToken);
    }

    [Fact]
    public void CancellationToken_AfterTheCancellationIsHandled_IsFreshAgain()
    {
        VirtualTime.Run(async () =>
        {
            AioTask me = Asyncio.CurrentTask()!;
            CancellationToken first = me.CancellationToken;
            me.Cancel();
            Assert.True(first.IsCancellationRequested);
            try
            {
                await Asyncio.Sleep(1);
            }
            catch (CancelledError)
            {
                // handled without Uncancel: the request count stays, but the cancellation was delivered
            }

            Assert.Equal(1, me.Cancelling());
            await Task.Delay(1, me.CancellationToken); // a foreign API still works
        });
    }

    [Fact]
    public void CancelledExecutorWork_ThatHasNotStarted_DoesNotRun()
    {
        var ran = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var executor = new OneThreadExecutor();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            Future<object?> first = loop.RunInExecutorAsync(executor, () =>
            {
                Thread.Sleep(200);
                ran.Enqueue("blocker");
            });
            Future<object?> second = loop.RunInExecutorAsync(executor, () => ran.Enqueue("second"));
            await Asyncio.Sleep(0);
            second.Cancel();
            await first;
            await Asyncio.ToThread(() => executor.Shutdown(wait: true));
        });
        Assert.Equal(["blocker"], ran);
    }

    [Fact]
    public void RunUntilComplete_OnARunningLoop_RaisesWithoutSchedulingTheCoroutine()
    {
        bool ran = false;
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var error = Assert.Throws<InvalidOperationException>(() => loop.RunUntilComplete(SideEffect()));
            Assert.Equal("This event loop is already running", error.Message);
            await Asyncio.Sleep(1);
        });
        Assert.False(ran);

        async Coroutine SideEffect()
        {
            ran = true;
            await Asyncio.Sleep(0);
        }
    }

    [Fact]
    public void VirtualTime_FarInTheFuture_AndInfiniteDeadlines_DoNotSpin()
    {
        VirtualTime.Run(async () =>
        {
            await Asyncio.Sleep(2e7);
            Assert.Equal(2e7, Asyncio.GetRunningLoop().Time());
        });
        Asyncio.Run(Asyncio.Sleep(1).AsCoroutine(), loopFactory: () => new EventLoop(new VirtualClock(1.7e9)));
        using var loop = new EventLoop(new VirtualClock { DeadlockTimeout = TimeSpan.FromMilliseconds(50) });
        var error = Assert.Throws<InvalidOperationException>(() =>
            loop.RunUntilComplete(Asyncio.WaitFor(new AioEvent().WaitAsync().AsCoroutine(), double.PositiveInfinity)));
        Assert.StartsWith("Deadlock on virtual time", error.Message);
    }

    [Fact]
    public void VirtualTime_AThreadWaitingOnLoopTime_DoesNotHang()
    {
        int result = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            return await Asyncio.ToThread(() => Asyncio.RunCoroutineThreadsafe(SleepThenReturn(), loop).Result);
        });
        Assert.Equal(42, result);

        static async Coroutine<int> SleepThenReturn()
        {
            await Asyncio.Sleep(1);
            return 42;
        }
    }

    [Fact]
    public void TaskRepr_DoesNotEnumerateALazyResult_AndFollowsAsyncioFieldOrder()
    {
        VirtualTime.Run(async () =>
        {
            AioTask<IEnumerable<int>> t = Asyncio.CreateTask(Lazy(), "lazy");
            await t;
            string repr = t.ToString();
            Assert.StartsWith("<Task finished name='lazy' coro=<Lazy() done> result=", repr);
        });

        static async Coroutine<IEnumerable<int>> Lazy()
        {
            await Asyncio.Sleep(0);
            return Forever();
        }

        static IEnumerable<int> Forever()
        {
            while (true)
            {
                yield return 1;
            }
        }
    }

    [Fact]
    public void UnretrievedFailure_IsReportedWhenTheLoopCloses_EvenWithoutACollection()
    {
        var reported = new List<string>();
        var keepAlive = new List<AioTask>();
        VirtualTime.Run(async () =>
        {
            Asyncio.GetRunningLoop().SetExceptionHandler((_, c) => reported.Add($"{c.Message}: {c.Exception!.Message}"));
            keepAlive.Add(Asyncio.CreateTask(async () =>
            {
                await Asyncio.Sleep(0);
                throw new InvalidOperationException("lost");
            }));
            await Asyncio.Sleep(1);
        });
        Assert.Equal(["Task exception was never retrieved: lost"], reported);
    }

    /// <summary>An executor with one worker thread, like ThreadPoolExecutor(max_workers=1).</summary>
    private sealed class OneThreadExecutor : Executor
    {
        private readonly System.Collections.Concurrent.BlockingCollection<Action> _work = new();
        private readonly Thread _thread;

        public OneThreadExecutor()
        {
            _thread = new Thread(() =>
            {
                foreach (Action action in _work.GetConsumingEnumerable())
                {
                    action();
                }
            })
            { IsBackground = true };
            _thread.Start();
        }

        public override void Submit(Action work) => _work.Add(work);

        public override void Shutdown(bool wait = true)
        {
            _work.CompleteAdding();
            if (wait)
            {
                _thread.Join();
            }
        }
    }
}
