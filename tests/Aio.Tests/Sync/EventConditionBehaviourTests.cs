namespace Aio.Tests.Sync;

/// <summary>
/// One behaviour each of the <c>Twins/event_and_condition</c> transcript (the twin itself is
/// <see cref="EventConditionTests.Event_WakesAllInOrder_Condition_NotifyOneThenAll_AsCPython"/>), so
/// that a failure names what broke.
/// </summary>
public class EventConditionBehaviourTests
{
    [Fact]
    public void EventSet_WakesEveryWaiter_InTheOrderTheyWaited() => VirtualTime.Run(async () =>
    {
        var ev = new AioEvent();
        var woke = new List<string>();
        AioTask[] waiters = [.. new[] { "e1", "e2", "e3" }.Select(name => Asyncio.CreateTask(Wait(name)))];
        await Asyncio.Sleep(0);
        Assert.False(ev.IsSet);
        Assert.Empty(woke);

        ev.Set();
        await Asyncio.Gather(waiters);
        Assert.Equal(["e1 True", "e2 True", "e3 True"], woke);

        async Coroutine Wait(string name) => woke.Add($"{name} {await ev.WaitAsync()}");
    });

    [Fact]
    public void EventWait_OnASetEvent_ReturnsTrueWithoutWaiting() => VirtualTime.Run(async () =>
    {
        var ev = new AioEvent();
        ev.Set();
        double start = Asyncio.GetRunningLoop().Time();
        Assert.True(await ev.WaitAsync());
        Assert.Equal(start, Asyncio.GetRunningLoop().Time());
        ev.Clear();
        Assert.False(ev.IsSet);
    });

    [Fact]
    public void ConditionNotifyOne_WakesOnlyTheFirstWaiter_WithTheLockHeld() => VirtualTime.Run(async () =>
    {
        var cond = new AioCondition();
        var notified = new List<string>();
        AioTask[] waiters = [.. new[] { "c1", "c2", "c3" }.Select(name => Asyncio.CreateTask(Wait(cond, name, notified)))];
        await Asyncio.Sleep(0);
        using (await cond.AcquireAsync())
        {
            cond.Notify(1);
        }

        await Asyncio.Sleep(0);
        await Asyncio.Sleep(0);
        Assert.Equal(["c1 True locked=True"], notified);
        Assert.Equal([true, false, false], waiters.Select(t => t.IsDone));

        using (await cond.AcquireAsync())
        {
            cond.NotifyAll();
        }

        await Asyncio.Gather(waiters);
    });

    [Fact]
    public void ConditionNotifyAll_WakesEveryWaiter_InTheOrderTheyWaited_EachWithTheLock() => VirtualTime.Run(async () =>
    {
        var cond = new AioCondition();
        var notified = new List<string>();
        AioTask[] waiters = [.. new[] { "c1", "c2", "c3" }.Select(name => Asyncio.CreateTask(Wait(cond, name, notified)))];
        await Asyncio.Sleep(0);
        using (await cond.AcquireAsync())
        {
            cond.NotifyAll();
            Assert.Empty(notified); // they need the lock, which the notifier still holds
        }

        await Asyncio.Gather(waiters);
        Assert.Equal(["c1 True locked=True", "c2 True locked=True", "c3 True locked=True"], notified);
        Assert.False(cond.Locked);
    });

    [Fact]
    public void ConditionNotify_WithoutTheLock_Raises()
    {
        var cond = new AioCondition();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => cond.Notify());
        Assert.Equal("cannot notify on un-acquired lock", e.Message);
        Assert.Throws<InvalidOperationException>(() => cond.NotifyAll());
    }

    [Fact]
    public void ConditionWaitFor_ReturnsOnceAnotherTaskMakesThePredicateTrue() => VirtualTime.Run(async () =>
    {
        var cond = new AioCondition();
        bool ready = false;
        _ = Asyncio.CreateTask(Flip());
        using (await cond.AcquireAsync())
        {
            Assert.True(await cond.WaitForAsync(() => ready));
            Assert.True(cond.Locked);
        }

        Assert.Equal(1, Asyncio.GetRunningLoop().Time());

        async Coroutine Flip()
        {
            await Asyncio.Sleep(1);
            using (await cond.AcquireAsync())
            {
                ready = true;
                cond.NotifyAll();
            }
        }
    });

    private static async Coroutine Wait(AioCondition cond, string name, List<string> notified)
    {
        using (await cond.AcquireAsync())
        {
            bool result = await cond.WaitAsync();
            notified.Add($"{name} {result} locked={cond.Locked}");
        }
    }
}
