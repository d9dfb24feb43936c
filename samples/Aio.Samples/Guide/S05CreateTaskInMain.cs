namespace Aio.Samples.Guide;

/// <summary>The modern form: <c>Asyncio.Run</c> and <c>Asyncio.CreateTask</c> inside the main coroutine.</summary>
public static class S05CreateTaskInMain
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine MyThirdCoroutine()
    {
        await Asyncio.Sleep(2);
        Console.WriteLine("Finished my third coroutine");
    }

    private static async Coroutine Main()
    {
        AioTask task = Asyncio.CreateTask(MyThirdCoroutine());
        await task;
    }
}
