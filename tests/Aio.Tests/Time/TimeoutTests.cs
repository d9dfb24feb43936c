using Aio.Tests.Support;

namespace Aio.Tests.Time;

public class TimeoutTests
{
    [Fact]
    public void WaitFor_OnTimeout_WaitsForTheInnerCleanupBeforeRaising_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("wait_for_waits_cleanup", trace);

        async Coroutine Inner()
        {
            try
            {
                await Asyncio.Sleep(10);
            }
            catch (CancelledError)
            {
                trace.Add("inner cancelled, cleaning up");
                await Asyncio.Sleep(2);
                trace.Add("inner cleanup done");
                throw;
            }
        }

        async Coroutine Main()
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            double t0 = loop.Time();
            try
            {
                await Asyncio.WaitFor(Inner(), timeout: 1);
            }
            catch (TimeoutException)
            {
                trace.Add($"timeout after {loop.Time() - t0:F0}s");
            }

            AioTask<string> t = Asyncio.CreateTask(Asyncio.Sleep(0.5, "quick").AsCoroutine());
            trace.Add(await Asyncio.WaitFor(t, timeout: 1));
            trace.Add(await Asyncio.WaitFor(Asyncio.Sleep(1, "no limit").AsCoroutine(), timeout: null));
        }
    }

    [Fact]
    public void WaitFor_ZeroTimeout_CancelsAPendingTaskAndRaises()
    {
        VirtualTime.Run(async () =>
        {
            AioTask<int> slow = Asyncio.CreateTask(Asyncio.Sleep(5, 1).AsCoroutine());
            await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(slow, 0));
            Assert.True(slow.IsCancelled);
            AioTask<int> done = Asyncio.CreateTask(Asyncio.Sleep(0, 2).AsCoroutine());
            await Asyncio.Sleep(0);
            await Asyncio.Sleep(0);
            Assert.Equal(2, await Asyncio.WaitFor(done, 0));
        });
    }

    [Fact]
    public void Timeout_Nested_Rescheduled_AndOutsideCancellation_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("timeout_nested", trace);

        async Coroutine Victim()
        {
            try
            {
                await using (Asyncio.Timeout(10))
                {
                    await Asyncio.Sleep(5);
                }
            }
            catch (TimeoutException)
            {
                trace.Add("victim: wrong, timeout");
            }
            catch (CancelledError)
            {
                trace.Add("victim: cancelled from outside");
                throw;
            }
        }

        async Coroutine Main()
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            double t0 = loop.Time();
            TimeoutScope outer = Asyncio.Timeout(5);
            try
            {
                await using (outer)
                {
                    TimeoutScope inner = Asyncio.Timeout(1);
                    try
                    {
                        await using (inner)
                        {
                            await Asyncio.Sleep(10);
                        }
                    }
                    catch (TimeoutException)
                    {
                        trace.Add($"inner timed out, inner expired={inner.Expired} outer expired={outer.Expired}");
                    }

                    await Asyncio.Sleep(10);
                }
            }
            catch (TimeoutException)
            {
                trace.Add($"outer timed out at {loop.Time() - t0:F0}, expired={outer.Expired}");
            }

            TimeoutScope t = Asyncio.Timeout(1);
            await using (t)
            {
                t.Reschedule(loop.Time() + 3);
                await Asyncio.Sleep(2);
            }

            trace.Add($"rescheduled block finished, expired={t.Expired}");
            AioTask v = Asyncio.CreateTask(Victim());
            await Asyncio.Sleep(1);
            v.Cancel();
            try
            {
                await v;
            }
            catch (CancelledError)
            {
                trace.Add($"victim task cancelled={v.IsCancelled}");
            }
        }
    }

    [Fact]
    public void Timeout_BodyFinishingBeforeTheCancelArrives_RaisesTimeoutException_AndDropsTheCancel()
    {
        VirtualTime.Run(async () =>
        {
            // Due at once: the deadline passes while a foreign (non-loop) await is in flight, so the
            // cancel stays pending. A timeout never passes silently: leaving the block raises.
            TimeoutScope scope = Asyncio.Timeout(0);
            await Assert.ThrowsAsync<TimeoutException>(async () =>
            {
                await using (scope)
                {
                    await Task.Run(() => Thread.Sleep(20));
                }
            });

            Assert.True(scope.Expired);
            Assert.Equal(0, Asyncio.CurrentTask()!.Cancelling());
            await Asyncio.Sleep(1); // no stray cancellation left behind
        });
    }

    [Fact]
    public void Timeout_OutsideATask_Throws()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        string? message = null;
        loop.CallSoon(() =>
        {
            try
            {
                Asyncio.Timeout(1);
            }
            catch (InvalidOperationException e)
            {
                message = e.Message;
            }

            loop.Stop();
        });
        loop.RunForever();
        Assert.Equal("Timeout should be used inside a task", message);
    }

    [Fact]
    public void TimeoutAt_InThePast_ExpiresOnTheNextIteration()
    {
        VirtualTime.Run(async () =>
        {
            await Assert.ThrowsAsync<TimeoutException>(async () =>
            {
                await using (Asyncio.TimeoutAt(Asyncio.GetRunningLoop().Time() - 1))
                {
                    await Asyncio.Sleep(1);
                }
            });
        });
    }

    [Fact]
    public void WaitFor_WithAZeroOrNegativeTimeout_RaisesForEveryKindOfAwaitable_AndTimeoutReprs_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("wait_for_zero_and_timeout_repr", trace);

        static async Coroutine Work() => await Asyncio.Sleep(1);

        async Coroutine Main()
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            (string Label, Func<IAioAwaitable> Make)[] makers =
            [
                ("coroutine", () => Work()),
                ("task", () => Asyncio.CreateTask(Work())),
                ("future", loop.CreateFuture),
            ];
            foreach ((string label, Func<IAioAwaitable> make) in makers)
            {
                foreach (int timeout in new[] { 0, -1 })
                {
                    IAioAwaitable awaitable = make();
                    try
                    {
                        await Asyncio.WaitFor(awaitable, timeout);
                        trace.Add($"{label} {timeout} returned");
                    }
                    catch (TimeoutException)
                    {
                        trace.Add($"{label} {timeout} TimeoutError {(awaitable is Future { IsCancelled: true } ? "cancelled" : string.Empty)}");
                    }
                }
            }

            TimeoutScope scope;
            await using (scope = Asyncio.TimeoutAt(10))
            {
                trace.Add(scope.ToString());
            }

            trace.Add(scope.ToString());
            await using (scope = Asyncio.TimeoutAt(1e16))
            {
                trace.Add(scope.ToString());
            }

            await using (scope = Asyncio.Timeout(null))
            {
                trace.Add(scope.ToString());
            }
        }
    }
}
