namespace Aio.Samples.Guide;

/// <summary>A background task that runs until the main coroutine cancels it.</summary>
public static class S16BackgroundTask
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine BackgroundTask()
    {
        while (true)
        {
            Console.WriteLine("Running in the background...");
            await Asyncio.Sleep(5);
        }
    }

    private static async Coroutine Main()
    {
        AioTask task = Asyncio.CreateTask(BackgroundTask());
        await Asyncio.Sleep(15); // Sleep for a bit for demonstration purposes
        task.Cancel(); // Cancel the background task when done
    }
}
