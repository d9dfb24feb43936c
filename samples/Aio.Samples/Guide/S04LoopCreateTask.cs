namespace Aio.Samples.Guide;

/// <summary>Scheduling a task on a loop and running the loop until the task is done.</summary>
public static class S04LoopCreateTask
{
    public static void Run()
    {
        using EventLoop loop = Asyncio.NewEventLoop();
        AioTask task = loop.CreateTask(MyOtherCoroutine());
        loop.RunUntilComplete(task);
    }

    private static async Coroutine MyOtherCoroutine()
    {
        await Asyncio.Sleep(2);
        Console.WriteLine("Completed my other coroutine");
    }
}
