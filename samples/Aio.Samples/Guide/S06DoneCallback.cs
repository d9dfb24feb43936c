namespace Aio.Samples.Guide;

/// <summary>A done callback that reads the task's result.</summary>
public static class S06DoneCallback
{
    public static void Run()
    {
        using EventLoop loop = Asyncio.NewEventLoop();
        AioTask<string> task = loop.CreateTask(SampleCoroutine());
        task.AddDoneCallback(OnTaskDone);
        loop.RunUntilComplete(task);
    }

    private static void OnTaskDone(AioTask<string> task) =>
        Console.WriteLine($"Task completed with result: {task.Result}");

    private static async Coroutine<string> SampleCoroutine()
    {
        await Asyncio.Sleep(1);
        return "Hello from coroutine!";
    }
}
