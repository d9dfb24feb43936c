using Aio.Python;

namespace Aio.Samples.Guide;

/// <summary>Awaiting two tasks at once with <c>Gather</c>; results come back in argument order.</summary>
public static class S09GatherTwo
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine<string> FetchData(int id)
    {
        await Asyncio.Sleep(2);
        return $"Data from {id}";
    }

    private static async Coroutine Main()
    {
        // Create multiple tasks
        AioTask<string> task1 = Asyncio.CreateTask(FetchData(1));
        AioTask<string> task2 = Asyncio.CreateTask(FetchData(2));

        // Await multiple tasks concurrently
        string[] results = await Asyncio.Gather(task1, task2);
        Console.WriteLine($"Results: {PyFormat.Str(results)}");
    }
}
