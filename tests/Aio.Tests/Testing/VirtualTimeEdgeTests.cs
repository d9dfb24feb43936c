namespace Aio.Tests.Testing;

/// <summary>Virtual time at its edges: far-future and infinite deadlines, threads waiting on loop time.</summary>
public class VirtualTimeEdgeTests
{
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
}
