namespace Aio.Tests.Threads;

public class ThreadTests
{
    [Fact]
    public void ToThread_RunsOffTheLoop_AndReturnsTheResult()
    {
        VirtualTime.Run(async () =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            int workerThread = await Asyncio.ToThread(() => Environment.CurrentManagedThreadId);
            Assert.NotEqual(loopThread, workerThread);
            await Assert.ThrowsAsync<FormatException>(async () => await Asyncio.ToThread<int>(() => throw new FormatException()));
        });
    }

    [Fact]
    public void ToThread_OnVirtualTime_TimeStandsStillWhileTheThreadWorks()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            double before = loop.Time();
            AioTask<int> timer = Asyncio.CreateTask(Asyncio.Sleep(0.001, 1).AsCoroutine());
            await Asyncio.ToThread(() => Thread.Sleep(50));
            Assert.Equal(before, loop.Time());
            await timer;
        });
    }

    [Fact]
    public void RunCoroutineThreadsafe_SubmitsFromAnotherThread_AndReturnsATask()
    {
        using var loop = new EventLoop();
        var loopThread = new Thread(loop.RunForever);
        loopThread.Start();
        try
        {
            Task<int> result = Asyncio.RunCoroutineThreadsafe(Add(2, 3), loop);
            Assert.Equal(5, result.Result);

            using var cts = new CancellationTokenSource();
            Task<int> slow = Asyncio.RunCoroutineThreadsafe(Slow(), loop, cts.Token);
            cts.Cancel();
            Assert.Throws<AggregateException>(() => slow.Wait(TimeSpan.FromSeconds(30)));
            Assert.True(slow.IsCanceled);
        }
        finally
        {
            loop.CallSoonThreadsafe(loop.Stop);
            loopThread.Join();
        }

        static async Coroutine<int> Add(int a, int b)
        {
            await Asyncio.Sleep(0);
            return a + b;
        }

        static async Coroutine<int> Slow()
        {
            await Asyncio.Sleep(3600);
            return 0;
        }
    }

    [Fact]
    public void RunInExecutor_AfterShutdown_Throws()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            await loop.RunInExecutor(null, () => 1);
            await loop.ShutdownDefaultExecutor();
            Assert.Equal("Executor shutdown has been called", Assert.Throws<InvalidOperationException>(() => loop.RunInExecutor(null, () => 1)).Message);
        });
    }
}
