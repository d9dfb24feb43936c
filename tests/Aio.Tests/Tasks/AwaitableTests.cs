using System.Globalization;
using Aio.Python;
using Aio.Tests.Support;

namespace Aio.Tests.Tasks;

/// <summary>Every Aio awaitable is accepted where asyncio accepts an awaitable (issue 7, item 1).</summary>
public class AwaitableTests
{
    [Fact]
    public void Combinators_AcceptQueueLockSemaphoreEventAndConditionOperations_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("awaitables_everywhere", trace);

        static async Coroutine<int> Value(int n)
        {
            await Asyncio.Sleep(0.1 * n);
            return n;
        }

        async Coroutine Main()
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            double t0 = loop.Time();
            var q = new AioQueue<string>();
            try
            {
                await Asyncio.WaitFor(q.GetAsync(), 1);
            }
            catch (TimeoutException)
            {
                trace.Add($"get timed out at {Seconds(loop.Time() - t0)}s, qsize={q.QSize}");
            }

            loop.CallLater(0.5, () => q.TryPut("late"));
            trace.Add(await Asyncio.WaitFor(q.GetAsync(), 1));
            AioTask<string> getter = Asyncio.CreateTask(q.GetAsync());
            await Asyncio.Sleep(0);
            AioTask putter = Asyncio.CreateTask(q.PutAsync("via task"));
            await putter;
            trace.Add($"getter got {PyFormat.Repr(await getter)}");

            var lockObject = new AioLock();
            await lockObject.AcquireAsync();
            AioTask<LockReleaser> waiter = Asyncio.CreateTask(lockObject.AcquireAsync());
            await Asyncio.Sleep(0);
            trace.Add($"lock waiter done={Py(waiter.IsDone)} locked={Py(lockObject.Locked)}");
            lockObject.Release();
            await waiter;
            trace.Add($"lock waiter done={Py(waiter.IsDone)} locked={Py(lockObject.Locked)}");
            lockObject.Release();

            var semaphore = new AioSemaphore(1);
            await Asyncio.WaitFor(semaphore.AcquireAsync(), 1);
            try
            {
                await Asyncio.WaitFor(semaphore.AcquireAsync(), 0.5);
            }
            catch (TimeoutException)
            {
                trace.Add($"semaphore acquire timed out, locked={Py(semaphore.Locked)}");
            }

            semaphore.Release();
            var ev = new AioEvent();
            loop.CallLater(0.2, ev.Set);
            trace.Add($"event wait: {Py(await Asyncio.WaitFor(ev.WaitAsync(), 1))}");
            var condition = new AioCondition();
            using (await condition.AcquireAsync())
            {
                try
                {
                    await Asyncio.WaitFor(condition.WaitAsync(), 0.3);
                }
                catch (TimeoutException)
                {
                    trace.Add($"condition wait timed out, lock held again: {Py(condition.Locked)}");
                }
            }

            AioTask<int> t = Asyncio.CreateTask(Value(2));
            int[] mixed = await Asyncio.Gather(t, Value(1));
            trace.Add($"task and coroutine: {PyFormat.Str(mixed)}");
            trace.Add($"nothing: {PyFormat.Str(await Asyncio.Gather())}");
            trace.Add($"sleep result: {await Asyncio.WaitFor(Asyncio.Sleep(1, "x"), 2)}");
            (int number, string text) = await Asyncio.Gather(Value(1), Asyncio.Sleep(0.1, "text"));
            trace.Add($"pair: {PyFormat.Repr(number)} {PyFormat.Repr(text)}");
            trace.Add($"done at {Seconds(loop.Time() - t0)}s");
        }
    }

    [Fact]
    public void CreateTask_OfAFutureOrTask_IsRefusedWithAClearError_AsAsyncioRaisesTypeError()
    {
        VirtualTime.Run(async () =>
        {
            AioTask<int> task = Asyncio.CreateTask(Asyncio.Sleep(0, 1).AsCoroutine());
            var error = Assert.Throws<ArgumentException>(() => Asyncio.CreateTask((IAioAwaitable<int>)task));
            Assert.Contains("a future or task is already scheduled", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, await task);
        });
    }

    [Fact]
    public void CreateTask_OfAQueueGet_TakesTheItemOnlyWhenTheTaskRuns()
    {
        VirtualTime.Run(async () =>
        {
            var q = new AioQueue<int>();
            Assert.True(q.TryPut(7));
            AioTask<int> getter = Asyncio.CreateTask(q.GetAsync());
            Assert.Equal(1, q.QSize); // like a coroutine, the operation starts in the task's first step
            Assert.Equal(7, await getter);
            Assert.True(q.Empty);
        });
    }

    [Fact]
    public void GatherOfDifferentTypes_StartsItsTasksWhenCalled_AsAsyncioGatherDoes()
    {
        VirtualTime.Run(async () =>
        {
            var started = new List<string>();
            Coroutine<(int, string)> pair = Asyncio.Gather(Mark(1), Mark("one"));
            await Asyncio.Sleep(1);
            Assert.Equal(["1", "one"], started);
            Assert.Equal((1, "one"), await pair);

            async Coroutine<T> Mark<T>(T value)
            {
                started.Add(value!.ToString()!);
                await Asyncio.Sleep(0);
                return value;
            }
        });
    }

    [Fact]
    public void GatherOfDifferentTypes_FirstFailurePropagates_AndCancellingTheAwaiterCancelsBoth()
    {
        VirtualTime.Run(async () =>
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await Asyncio.Gather(Fail(), Asyncio.Sleep(1, "x")));

            AioTask<string> slow = Asyncio.CreateTask(Asyncio.Sleep(10, "slow"));
            AioTask<(int, string)> both = Asyncio.CreateTask(Asyncio.Gather(Asyncio.Sleep(10, 1), slow));
            await Asyncio.Sleep(1);
            both.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await both);
            Assert.True(slow.IsCancelled);
        });

        static async Coroutine<int> Fail()
        {
            await Asyncio.Sleep(0.5);
            throw new InvalidOperationException("boom");
        }
    }

    [Fact]
    public void TimeSpanOverloads_MeanTheSameSecondsAsTheDoubleOnes()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            double t0 = loop.Time();
            await Asyncio.Sleep(TimeSpan.FromSeconds(1.5));
            Assert.Equal(1.5, loop.Time() - t0, 6);
            Assert.Equal("r", await Asyncio.Sleep(TimeSpan.FromMilliseconds(500), "r"));
            await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(Asyncio.Sleep(5), TimeSpan.FromSeconds(1)));
            Assert.Equal(3.0, loop.Time() - t0, 6);
            await using (TimeoutScope scope = Asyncio.Timeout(TimeSpan.FromSeconds(2)))
            {
                Assert.Equal(loop.Time() + 2, scope.When!.Value, 6);
            }

            var fired = new AioEvent();
            TimerHandle timer = loop.CallLater(TimeSpan.FromSeconds(4), fired.Set);
            Assert.Equal(loop.Time() + 4, timer.When, 6);
            await fired.WaitAsync();
        });
    }

    [Fact]
    public void TaskGroup_TakesCoroutineBodies_AndReturnsTheBodysValueAfterItsTasks()
    {
        VirtualTime.Run(async () =>
        {
            var done = new List<int>();
            await Asyncio.TaskGroup(async Coroutine (tg) =>
            {
                _ = tg.CreateTask(Child(1));
                _ = tg.CreateTask(Child(2));
                await Asyncio.Sleep(0);
            });
            Assert.Equal([1, 2], done);

            int total = await Asyncio.TaskGroup(async tg =>
            {
                AioTask<int> a = tg.CreateTask(Asyncio.Sleep(2, 20));
                AioTask<int> b = tg.CreateTask(Asyncio.Sleep(1, 10));
                return await a + await b;
            });
            Assert.Equal(30, total);

            async Coroutine Child(int n)
            {
                await Asyncio.Sleep(n);
                done.Add(n);
            }
        });
    }

    private static string Py(bool value) => value ? "True" : "False";

    private static string Seconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
