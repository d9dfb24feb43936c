namespace Aio.Tests.Coroutines;

/// <summary>Awaits the loop does not own (issue 7, item 3): a coroutine always comes back to its loop and task.</summary>
public class ForeignAwaitTests
{
    [Fact]
    public void ConfigureAwaitFalse_InACoroutine_ResumesOnTheLoopInTheSameTask()
    {
        VirtualTime.Run(Main());

        static async Coroutine Main()
        {
            AioTask? before = Asyncio.CurrentTask();
            int loopThread = Environment.CurrentManagedThreadId;
#pragma warning disable AIO0001 // the foreign await without a token is what this test is about
            await Task.Delay(10).ConfigureAwait(false);
#pragma warning restore AIO0001
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
            Assert.Same(before, Asyncio.CurrentTask());
            await Asyncio.Sleep(1); // used to throw "no running event loop"
            await Inner(loopThread);
        }

        static async Coroutine Inner(int loopThread)
        {
            await Task.Yield();
#pragma warning disable AIO0001 // the foreign await without a token is what this test is about
            await Task.Run(() => Thread.Sleep(5)).ConfigureAwait(false);
#pragma warning restore AIO0001
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
            await Asyncio.Sleep(0);
        }
    }

    [Fact]
    public void ForeignContinuationRunInsideAnotherTask_IsPostedBackToItsOwnTask()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            var tcs = new TaskCompletionSource<int>(); // synchronous continuations: they run inside SetResult
            AioTask waiter = Asyncio.CreateTask(Waiter(tcs.Task), name: "waiter");
            AioTask setter = Asyncio.CreateTask(Setter(tcs), name: "setter");
            await Asyncio.Gather(waiter, setter);
        });
        Assert.Equal(["setter: set", "setter: continues", "waiter: resumed in waiter"], trace);

        async Coroutine Waiter(Task<int> task)
        {
            await task.ConfigureAwait(false);
            trace.Add($"waiter: resumed in {Asyncio.CurrentTask()!.Name}");
        }

        async Coroutine Setter(TaskCompletionSource<int> tcs)
        {
            await Asyncio.Sleep(0.5);
            trace.Add("setter: set");
            tcs.SetResult(1);
            trace.Add("setter: continues");
        }
    }

    [Fact]
    public void ConfigureAwaitFalse_InATaskReturningBody_LeavesTheLoop_AndTheErrorSaysWhy()
    {
        VirtualTime.Run(async () =>
        {
            AioTask task = Asyncio.CreateTask(async () =>
            {
                await Task.Delay(10).ConfigureAwait(false);
                await Asyncio.Sleep(0);
            });
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await task);
            Assert.StartsWith("no running event loop on this thread", error.Message, StringComparison.Ordinal);
            Assert.Contains("ConfigureAwait(false)", error.Message, StringComparison.Ordinal);
            Assert.Contains("async Coroutine", error.Message, StringComparison.Ordinal);
        });
    }
}
