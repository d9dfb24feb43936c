namespace Aio.Tests.Tasks;

/// <summary>
/// A task's repr names its body after something the user wrote: the async method, the local function,
/// or, for a lambda, the method that contains it (Python's qualified <c>main.&lt;locals&gt;.&lt;lambda&gt;</c>).
/// </summary>
public class TaskReprNamingTests
{
    private static async Coroutine FetchData() => await Asyncio.Sleep(1);

    private static async Task FetchDataAsync() => await Task.Yield();

    [Fact]
    public void LambdaCoroutine_IsNamedAfterTheEnclosingMethod()
    {
        string repr = VirtualTime.Run(async () =>
        {
            AioTask task = Asyncio.CreateTask(async () => await Asyncio.Sleep(1));
            string r = task.ToString();
            await task;
            return r;
        });
        Assert.Contains("coro=<LambdaCoroutine_IsNamedAfterTheEnclosingMethod.<lambda>() running>", repr);
    }

    [Fact]
    public void AsyncMethod_LocalFunction_AndTaskReturningMethod_AreNamedAsWritten()
    {
        static async Coroutine Worker() => await Asyncio.Sleep(1);

        var reprs = VirtualTime.Run(async () =>
        {
            AioTask a = Asyncio.CreateTask(FetchData());
            AioTask b = Asyncio.CreateTask(Worker());
            AioTask c = Asyncio.CreateTask(() => FetchDataAsync());
            await Asyncio.Sleep(0);
            string[] r = [a.ToString(), b.ToString(), c.ToString()];
            await Asyncio.Gather(a, b, c);
            return r;
        });
        Assert.Contains("coro=<FetchData() running>", reprs[0]);
        Assert.Contains("coro=<Worker() running>", reprs[1]);
        Assert.Contains("coro=<FetchDataAsync()", reprs[2]);
    }

    [Fact]
    public void BlockingOnACoroutine_SaysItMustBeAwaited()
    {
        var error = Assert.Throws<InvalidStateError>(() => FetchData().GetAwaiter().GetResult());
        Assert.Contains("has not finished: a coroutine runs only when it is awaited", error.Message);
        Assert.Contains("Asyncio.Run(Work())", error.Message);
    }
}
