using Aio.Tests.Support;

namespace Aio.Tests.Sync;

/// <summary>Primitive waiters across runs and loops.</summary>
public class WaiterLoopTests
{
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
}
