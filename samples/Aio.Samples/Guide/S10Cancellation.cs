namespace Aio.Samples.Guide;

/// <summary>Cancelling a task: it sees <see cref="CancelledError"/> at its await, cleans up and re-raises.</summary>
public static class S10Cancellation
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine FetchData()
    {
        try
        {
            await Asyncio.Sleep(5);
        }
        catch (CancelledError)
        {
            Console.WriteLine("Task was cancelled");
            throw;
        }
    }

    private static async Coroutine Main()
    {
        AioTask task = Asyncio.CreateTask(FetchData());
        await Asyncio.Sleep(1); // Simulate some delay
        task.Cancel(); // Cancel the task
        try
        {
            await task;
        }
        catch (CancelledError)
        {
            Console.WriteLine("Handled task cancellation");
        }
    }
}
