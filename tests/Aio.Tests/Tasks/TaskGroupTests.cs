using Aio.Python;
using Aio.Tests.Support;

namespace Aio.Tests.Tasks;

public class TaskGroupTests
{
    [Fact]
    public void TaskGroup_FirstFailure_CancelsSiblingsAndBody_RaisesAllTogether_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("taskgroup_failure", trace);

        async Coroutine Worker(string name, double delay, bool fail = false)
        {
            try
            {
                await Asyncio.Sleep(delay);
                if (fail)
                {
                    throw new ArgumentException($"{name} failed");
                }

                trace.Add($"{name} done");
            }
            catch (CancelledError)
            {
                trace.Add($"{name} cancelled");
                await Asyncio.Sleep(0.5);
                trace.Add($"{name} cleaned up");
                throw;
            }
        }

        async Coroutine Main()
        {
            try
            {
                await Asyncio.TaskGroup(async tg =>
                {
                    _ = tg.CreateTask(Worker("a", 1));
                    _ = tg.CreateTask(Worker("b", 2, fail: true));
                    _ = tg.CreateTask(Worker("c", 3));
                    _ = tg.CreateTask(Worker("d", 2.5));
                    await Asyncio.Sleep(10);
                    trace.Add("body: not reached");
                });
            }
            catch (ExceptionGroup eg)
            {
                trace.Add($"group: {PyFormat.Repr(eg.Exceptions.Select(e => e.Message).ToList())}");
            }

            AioTask? t1 = null;
            AioTask? t2 = null;
            await Asyncio.TaskGroup(tg =>
            {
                t1 = tg.CreateTask(Worker("x", 1));
                t2 = tg.CreateTask(Worker("y", 2));
                return Task.CompletedTask;
            });
            trace.Add($"all done: {t1!.IsDone} {t2!.IsDone}");
        }
    }

    [Fact]
    public void TaskGroup_BodyFailure_CancelsChildren_AndJoinsTheGroupError()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            var eg = await Assert.ThrowsAsync<ExceptionGroup>(async () => await Asyncio.TaskGroup(async tg =>
            {
                _ = tg.CreateTask(Forever("child"));
                await Asyncio.Sleep(1);
                throw new FormatException("body failed");
            }));
            Assert.IsType<FormatException>(Assert.Single(eg.Exceptions));
        });
        Assert.Equal(["child cancelled"], trace);

        async Coroutine Forever(string name)
        {
            try
            {
                await Asyncio.Sleep(double.PositiveInfinity);
            }
            catch (CancelledError)
            {
                trace.Add($"{name} cancelled");
                throw;
            }
        }
    }

    [Fact]
    public void TaskGroup_CancelledFromOutside_CancelsChildren_AndPropagatesCancelledError()
    {
        VirtualTime.Run(async () =>
        {
            int cancelledChildren = 0;
            AioTask parent = Asyncio.CreateTask(Asyncio.TaskGroup(async tg =>
            {
                for (int i = 0; i < 3; i++)
                {
                    _ = tg.CreateTask(Child());
                }

                await Asyncio.Sleep(100);
            }));
            await Asyncio.Sleep(1);
            parent.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await parent);
            Assert.Equal(3, cancelledChildren);

            async Coroutine Child()
            {
                try
                {
                    await Asyncio.Sleep(100);
                }
                catch (CancelledError)
                {
                    cancelledChildren++;
                    throw;
                }
            }
        });
    }

    [Fact]
    public void TaskGroup_CreateTask_AfterItFinished_Throws()
    {
        VirtualTime.Run(async () =>
        {
            TaskGroup? group = null;
            await Asyncio.TaskGroup(tg =>
            {
                group = tg;
                return Task.CompletedTask;
            });
            var error = Assert.Throws<InvalidOperationException>(() => group!.CreateTask(Asyncio.Sleep(1)));
            Assert.EndsWith("is finished", error.Message);
        });
    }
}
