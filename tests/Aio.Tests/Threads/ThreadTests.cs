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
            await loop.RunInExecutorAsync(null, () => 1);
            await loop.ShutdownDefaultExecutorAsync();
            Assert.Equal("Executor shutdown has been called", Assert.Throws<InvalidOperationException>(() => loop.RunInExecutorAsync(null, () => 1)).Message);
        });
    }

    [Fact]
    public void VirtualTime_WaitsForExecutorWorkThatIsSlowToStart()
    {
        // The CI machine's thread pool once took longer than the grace period to start a ToThread call
        // while other tests blocked its threads; queued work must hold the clock however long it waits.
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            using var slowToStart = new SlowToStartExecutor(TimeSpan.FromSeconds(1));
            AioTask<int> timer = Asyncio.CreateTask(Asyncio.Sleep(0.001, 1).AsCoroutine());
            int value = await loop.RunInExecutorAsync(slowToStart, () => 7);
            Assert.Equal(7, value);
            Assert.Equal(0, loop.Time());
            Assert.False(timer.IsDone);
            await timer;
        });
    }

    /// <summary>An executor whose one thread starts each item only after a delay, like a starved pool.</summary>
    private sealed class SlowToStartExecutor(TimeSpan delay) : Executor
    {
        private readonly List<Thread> _threads = [];

        public override void Submit(Action work)
        {
            var thread = new Thread(() =>
            {
                Thread.Sleep(delay);
                work();
            });
            _threads.Add(thread);
            thread.Start();
        }

        public override void Shutdown(bool wait = true)
        {
            foreach (Thread thread in _threads)
            {
                thread.Join();
            }
        }
    }
}
