namespace Aio.Tests.Tasks;

/// <summary>
/// <c>loop.SetTaskFactory</c> and asyncio 3.12's <c>eager_task_factory</c> (CPython 3.11 here has no
/// eager tasks, so these follow the 3.12 documentation: the first step runs inside <c>create_task</c>;
/// a coroutine that does not suspend is done on return and never scheduled).
/// </summary>
public class TaskFactoryTests
{
    [Fact]
    public void EagerTasks_RunUntilTheirFirstSuspension_InsideCreateTask()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            AioTask main = Asyncio.CurrentTask()!;
            loop.SetTaskFactory(Asyncio.EagerTaskFactory);
            Assert.Same(Asyncio.EagerTaskFactory, loop.GetTaskFactory());

            AioTask<int> cached = Asyncio.CreateTask(Cached(), name: "cached");
            trace.Add($"after create: cached done={cached.IsDone} result={cached.Result}");

            AioTask<int> slow = Asyncio.CreateTask(Slow(), name: "slow");
            trace.Add($"after create: slow done={slow.IsDone}, current is main={ReferenceEquals(Asyncio.CurrentTask(), main)}");
            trace.Add($"slow result {await slow}");

            AioTask failing = Asyncio.CreateTask(Failing());
            trace.Add($"failing done={failing.IsDone} error={failing.Exception?.Message}");

            loop.SetTaskFactory(null);
            AioTask<int> lazy = Asyncio.CreateTask(Cached(), name: "lazy");
            trace.Add($"default factory again: done={lazy.IsDone}");
            await lazy;

            async Coroutine<int> Cached()
            {
                trace.Add($"  {Asyncio.CurrentTask()!.Name} step runs, current is itself");
                return await Asyncio.Gather() is { Length: 0 } ? 42 : -1; // finishes without suspending
            }

            async Coroutine<int> Slow()
            {
                trace.Add("  slow: before its first await");
                await Asyncio.Sleep(1);
                trace.Add("  slow: resumed on the loop");
                return 7;
            }

            static async Coroutine Failing()
            {
                await Asyncio.Gather();
                throw new InvalidOperationException("boom");
            }
        });
        Assert.Equal(
            [
                "  cached step runs, current is itself",
                "after create: cached done=True result=42",
                "  slow: before its first await",
                "after create: slow done=False, current is main=True",
                "  slow: resumed on the loop",
                "slow result 7",
                "failing done=True error=boom",
                "default factory again: done=False",
                "  lazy step runs, current is itself",
            ],
            trace);
    }

    [Fact]
    public void ACustomFactory_MakesEveryCoroutineTask_AndMustReturnTheCoroutinesOwn()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var made = new List<string?>();
            loop.SetTaskFactory((l, coroutine, name) =>
            {
                made.Add(name);
                return l.NewTask(coroutine, name ?? "from-factory");
            });
            AioTask<int> a = Asyncio.CreateTask(Value(1), name: "a");
            AioTask b = Asyncio.CreateTask(Asyncio.Sleep(0));
            Assert.Equal(1, await a);
            await b;
            Assert.Equal(["a", null], made);
            Assert.Equal("from-factory", b.Name);

            loop.SetTaskFactory((l, coroutine, name) => l.NewTask(Asyncio.Sleep(0), name));
            var wrong = Assert.Throws<InvalidOperationException>(() => Asyncio.CreateTask(Value(2)));
            Assert.Contains("did not return a task producing Int32", wrong.Message);
            loop.SetTaskFactory(null);
            await Asyncio.Sleep(0);
        });

        static async Coroutine<int> Value(int v)
        {
            await Asyncio.Sleep(0);
            return v;
        }
    }
}
