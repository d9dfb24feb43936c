namespace Aio.Tests.Tasks;

/// <summary>A task's repr and its result.</summary>
public class TaskReprResultTests
{
    [Fact]
    public void TaskRepr_DoesNotEnumerateALazyResult_AndFollowsAsyncioFieldOrder()
    {
        VirtualTime.Run(async () =>
        {
            AioTask<IEnumerable<int>> t = Asyncio.CreateTask(Lazy(), "lazy");
            await t;
            string repr = t.ToString();
            Assert.StartsWith("<Task finished name='lazy' coro=<Lazy() done> result=", repr);
        });

        static async Coroutine<IEnumerable<int>> Lazy()
        {
            await Asyncio.Sleep(0);
            return Forever();
        }

        static IEnumerable<int> Forever()
        {
            while (true)
            {
                yield return 1;
            }
        }
    }
}
