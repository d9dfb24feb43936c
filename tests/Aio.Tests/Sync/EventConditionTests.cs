using Aio.Tests.Support;

namespace Aio.Tests.Sync;

public class EventConditionTests
{
    [Fact]
    public void Event_WakesAllInOrder_Condition_NotifyOneThenAll_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("event_and_condition", trace);

        async Coroutine EventWaiter(AioEvent ev, string name)
        {
            trace.Add($"{name} waits");
            bool r = await ev.WaitAsync();
            trace.Add($"{name} woke {r}");
        }

        async Coroutine ConditionWaiter(AioCondition cond, string name)
        {
            using (await cond.AcquireAsync())
            {
                trace.Add($"{name} waits");
                bool r = await cond.WaitAsync();
                trace.Add($"{name} notified {r} locked={cond.Locked}");
            }
        }

        async Coroutine Main()
        {
            var ev = new AioEvent();
            AioTask[] ts = [Asyncio.CreateTask(EventWaiter(ev, "e1")), Asyncio.CreateTask(EventWaiter(ev, "e2")), Asyncio.CreateTask(EventWaiter(ev, "e3"))];
            await Asyncio.Sleep(0);
            trace.Add($"set is_set={ev.IsSet}");
            ev.Set();
            await Asyncio.Gather(ts);
            trace.Add($"wait on set event: {await ev.WaitAsync()}");
            ev.Clear();
            var cond = new AioCondition();
            ts = [Asyncio.CreateTask(ConditionWaiter(cond, "c1")), Asyncio.CreateTask(ConditionWaiter(cond, "c2")), Asyncio.CreateTask(ConditionWaiter(cond, "c3"))];
            await Asyncio.Sleep(0);
            using (await cond.AcquireAsync())
            {
                cond.Notify(1);
                trace.Add("notify(1)");
            }

            await Asyncio.Sleep(0);
            await Asyncio.Sleep(0);
            using (await cond.AcquireAsync())
            {
                cond.NotifyAll();
                trace.Add("notify_all()");
            }

            await Asyncio.Gather(ts);
            try
            {
                cond.Notify();
            }
            catch (InvalidOperationException e)
            {
                trace.Add($"error: {e.Message}");
            }

            bool ready = false;
            _ = Asyncio.CreateTask(Flip());
            using (await cond.AcquireAsync())
            {
                trace.Add($"wait_for -> {await cond.WaitForAsync(() => ready)}");
            }

            async Coroutine Flip()
            {
                await Asyncio.Sleep(1);
                using (await cond.AcquireAsync())
                {
                    ready = true;
                    cond.NotifyAll();
                }
            }
        }
    }

    [Fact]
    public void Condition_WaitCancelled_StillReacquiresTheLock()
    {
        VirtualTime.Run(async () =>
        {
            var cond = new AioCondition();
            bool heldWhenCancelled = false;
            AioTask waiter = Asyncio.CreateTask(async () =>
            {
                await cond.AcquireAsync();
                try
                {
                    await cond.WaitAsync();
                }
                catch (CancelledError)
                {
                    heldWhenCancelled = cond.Locked;
                    cond.Release();
                    throw;
                }
            });
            await Asyncio.Sleep(0);
            await cond.AcquireAsync(); // the waiter released it inside Wait
            waiter.Cancel();
            await Asyncio.Sleep(1);
            cond.Release(); // only now can the cancelled waiter re-acquire
            await Assert.ThrowsAsync<CancelledError>(async () => await waiter);
            Assert.True(heldWhenCancelled);
            Assert.False(cond.Locked);
        });
    }

    [Fact]
    public void Barrier_ReleasesOnLastArrival_AbortBreaksWaiters_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            var b = new AioBarrier(3);
            await Asyncio.Gather(Party(b, "a", 1), Party(b, "b", 2), Party(b, "c", 3));
            trace.Add($"broken={b.Broken} n_waiting={b.NWaiting}");
            var b2 = new AioBarrier(3);
            AioTask[] ts = [Asyncio.CreateTask(Breaker(b2, "x")), Asyncio.CreateTask(Breaker(b2, "y"))];
            await Asyncio.Sleep(0);
            await b2.AbortAsync();
            await Asyncio.Gather(ts);
            trace.Add($"broken={b2.Broken}");
        });
        Twin.AssertSame("barrier", trace);

        async Coroutine Party(AioBarrier b, string name, double delay)
        {
            await Asyncio.Sleep(delay);
            trace.Add($"{name} arrives n_waiting={b.NWaiting}");
            int i = await b.WaitAsync();
            trace.Add($"{name} passes index={i}");
        }

        async Coroutine Breaker(AioBarrier b, string name)
        {
            try
            {
                await b.WaitAsync();
            }
            catch (BrokenBarrierError)
            {
                trace.Add($"{name} broken");
            }
        }
    }
}
