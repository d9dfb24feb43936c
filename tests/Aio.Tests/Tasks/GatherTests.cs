using Aio.Python;
using Aio.Tests.Support;

namespace Aio.Tests.Tasks;

public class GatherTests
{
    [Fact]
    public void Gather_Order_FirstException_OuterCancel_ReturnExceptions_AsCPython()
    {
        var output = new List<string>();
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("gather_semantics", output);

        async Coroutine<string> Job(string name, double delay, bool fail = false)
        {
            try
            {
                await Asyncio.Sleep(delay);
            }
            catch (CancelledError)
            {
                trace.Add($"{name} cancelled");
                throw;
            }

            if (fail)
            {
                throw new ArgumentException($"{name} failed");
            }

            trace.Add($"{name} done");
            return name;
        }

        void Flush()
        {
            output.Add(PyFormat.Str(trace));
            trace.Clear();
        }

        async Coroutine Main()
        {
            output.Add(PyFormat.Str(await Asyncio.Gather(Job("slow", 2), Job("fast", 1))));
            try
            {
                await Asyncio.Gather(Job("ok", 3), Job("bad", 1, fail: true));
            }
            catch (ArgumentException e)
            {
                trace.Add($"caught {e.Message}");
            }

            await Asyncio.Sleep(3);
            Flush();
            Future<string[]> g = Asyncio.Gather(Job("x", 5), Job("y", 5));
            await Asyncio.Sleep(1);
            g.Cancel();
            try
            {
                await g;
            }
            catch (CancelledError)
            {
                trace.Add("gather cancelled");
            }

            Flush();
            AioTask<string> t1 = Asyncio.CreateTask(Job("c1", 5));
            AioTask<string> t2 = Asyncio.CreateTask(Job("c2", 1));
            await Asyncio.Sleep(0);
            t1.Cancel();
            object?[] res = await Asyncio.Gather(returnExceptions: true, t1, t2);
            output.Add(PyFormat.Str(res.Select(r => r is Exception e ? e.GetType().Name : r).ToList()));
            Flush();
        }
    }

    [Fact]
    public void Gather_NoArguments_ResolvesToEmpty()
    {
        object?[] result = VirtualTime.Run(async () => await Asyncio.Gather(Array.Empty<Future>()));
        Assert.Empty(result);
    }

    [Fact]
    public void Gather_SameCoroutineTwice_RunsItOnce()
    {
        int runs = 0;
        int[] results = VirtualTime.Run(async () =>
        {
            Coroutine<int> c = Count();
            return await Asyncio.Gather(c, c);
        });
        Assert.Equal([1, 1], results);
        Assert.Equal(1, runs);

        async Coroutine<int> Count()
        {
            await Asyncio.Sleep(0);
            return ++runs;
        }
    }

    [Fact]
    public void Gather_MixedResultTypes_BoxesInArgumentOrder()
    {
        object?[] results = VirtualTime.Run(async () =>
        {
            AioTask<int> number = Asyncio.CreateTask(Asyncio.Sleep(2, 7).AsCoroutine());
            AioTask<string> text = Asyncio.CreateTask(Asyncio.Sleep(1, "t").AsCoroutine());
            AioTask nothing = Asyncio.CreateTask(Asyncio.Sleep(0.5));
            return await Asyncio.Gather(number, text, nothing);
        });
        Assert.Equal(new object?[] { 7, "t", null }, results);
    }

    [Fact]
    public void Shield_ProtectsTheInnerTask_FromTheWaitersCancellation_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            AioTask<int> t = Asyncio.CreateTask(Important());
            AioTask w = Asyncio.CreateTask(Waiter(t));
            await Asyncio.Sleep(1);
            w.Cancel();
            await Asyncio.Sleep(0);
            trace.Add($"w cancelled={w.IsCancelled} t done={t.IsDone}");
            trace.Add($"t result {await t}");
        });
        Twin.AssertSame("shield", trace);

        async Coroutine<int> Important()
        {
            await Asyncio.Sleep(2);
            trace.Add("important finished");
            return 42;
        }

        async Coroutine Waiter(AioTask<int> t)
        {
            try
            {
                int r = await Asyncio.Shield(t);
                trace.Add($"waiter got {r}");
            }
            catch (CancelledError)
            {
                trace.Add("waiter cancelled");
                throw;
            }
        }
    }

    [Fact]
    public void Wait_And_AsCompleted_AsCPython()
    {
        var output = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("wait_and_as_completed", output);

        static async Coroutine<string> Job(string name, double delay, bool fail = false)
        {
            await Asyncio.Sleep(delay);
            if (fail)
            {
                throw new ArgumentException(name);
            }

            return name;
        }

        async Coroutine Main()
        {
            AioTask<string>[] ts = [Asyncio.CreateTask(Job("a", 3)), Asyncio.CreateTask(Job("b", 1)), Asyncio.CreateTask(Job("c", 2))];
            var (done, pending) = await Asyncio.Wait(ts, returnWhen: ReturnWhen.FirstCompleted);
            output.Add($"{PyFormat.Repr(done.Select(t => t.Result).Order().ToList())} {pending.Count}");
            (done, pending) = await Asyncio.Wait(ts, timeout: 0.5);
            output.Add($"{done.Count} {pending.Count}");
            (done, pending) = await Asyncio.Wait(ts);
            output.Add($"{PyFormat.Repr(done.Select(t => t.Result).Order().ToList())} {pending.Count}");
            ts = [Asyncio.CreateTask(Job("x", 1)), Asyncio.CreateTask(Job("y", 2, fail: true)), Asyncio.CreateTask(Job("z", 3))];
            (done, pending) = await Asyncio.Wait(ts, returnWhen: ReturnWhen.FirstException);
            output.Add($"{done.Count} {pending.Count}");
            await Asyncio.Wait(pending);
            _ = ts[1].Exception;
            var order = new List<string>();
            foreach (Coroutine<string> next in Asyncio.AsCompleted([Job("p", 3), Job("q", 1), Job("r", 2)]))
            {
                order.Add(await next);
            }

            output.Add(PyFormat.Repr(order));
            try
            {
                foreach (Coroutine<string> next in Asyncio.AsCompleted([Job("s", 1), Job("t", 5)], timeout: 2))
                {
                    output.Add(await next);
                }
            }
            catch (TimeoutException)
            {
                output.Add("as_completed timed out");
            }
        }
    }

    [Fact]
    public void AsCompleted_AsAsyncEnumerable_YieldsTheTasksAsTheyFinish()
    {
        var order = new List<string>();
        VirtualTime.Run(async () =>
        {
            AioTask<string>[] tasks = [Asyncio.CreateTask(Asyncio.Sleep(3, "slow").AsCoroutine()), Asyncio.CreateTask(Asyncio.Sleep(1, "fast").AsCoroutine())];
            await foreach (AioTask<string> done in Asyncio.AsCompleted(tasks))
            {
                order.Add(done.Result);
            }
        });
        Assert.Equal(["fast", "slow"], order);
    }

    [Fact]
    public void Wait_WithNoFutures_Throws()
    {
        VirtualTime.Run(async () =>
            await Assert.ThrowsAsync<ArgumentException>(async () => await Asyncio.Wait(Array.Empty<AioTask>())));
    }
}
