using Aio.Tests.Support;

namespace Aio.Tests.Loop;

/// <summary>What Run and RunUntilComplete do with the tasks and errors left when the main coroutine ends.</summary>
public class RunShutdownTests
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

    // A loop factory that returns null gives NullReferenceException from Run / Runner / LoopGroup.
    [Fact]
    public void LoopFactoryReturningNull_IsAClearError()
    {
        Exception? viaRun = Record.Exception(() => Asyncio.Run(async () => await Task.CompletedTask, loopFactory: () => null!));
        using var runner = new Runner(loopFactory: () => null!);
        Exception? viaRunner = Record.Exception(() => runner.Run(async () => await Task.CompletedTask));
        Assert.IsAssignableFrom<InvalidOperationException>(viaRun);
        Assert.IsAssignableFrom<InvalidOperationException>(viaRunner);
    }
}
