namespace Aio.Tests.Testing;

public class VirtualClockTests
{
    [Fact]
    public void VirtualTime_HourLongSleeps_FinishImmediately_InRealTimeOrder()
    {
        var order = new List<string>();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        VirtualTime.Run(async () =>
        {
            await Asyncio.Gather(Nap("hour", 3600), Nap("minute", 60), Nap("day", 86400));
            Assert.Equal(86400, Asyncio.GetRunningLoop().Time());
        });
        Assert.Equal(["minute", "hour", "day"], order);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), "virtual time must not wait in real time");

        async Coroutine Nap(string name, double seconds)
        {
            await Asyncio.Sleep(seconds);
            order.Add(name);
        }
    }

    [Fact]
    public void Advance_MovesForward_RejectsGoingBack()
    {
        var clock = new VirtualClock(10);
        clock.Advance(5);
        Assert.Equal(15, clock.Now());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(double.NaN));
    }

    [Fact]
    public void Deadlock_OnVirtualTime_FailsTheRunWithTheBlockedTasks()
    {
        using var loop = new EventLoop(new VirtualClock { DeadlockTimeout = TimeSpan.FromMilliseconds(50) });
        Future<int> never = loop.CreateFuture<int>();
        var error = Assert.Throws<InvalidOperationException>(() => loop.RunUntilComplete(never));
        Assert.StartsWith("Deadlock on virtual time", error.Message);
    }

    [Fact]
    public void Policy_MakesNewLoopsVirtual()
    {
        EventLoop loop = new VirtualTimePolicy().NewEventLoop();
        Assert.IsType<VirtualClock>(loop.Clock);
        loop.Close();
    }
}
