using Aio.Python;

namespace Aio.Samples.Guide;

/// <summary>Tasks: the main coroutine works on while the task runs, then awaits its result.</summary>
public static class S08TaskOtherWork
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine<Dictionary<string, string>> FetchData()
    {
        await Asyncio.Sleep(2);
        return new Dictionary<string, string> { ["data"] = "sample data" };
    }

    private static async Coroutine Main()
    {
        // Create a task
        AioTask<Dictionary<string, string>> task = Asyncio.CreateTask(FetchData());

        // Do some other work while waiting for FetchData to complete
        Console.WriteLine("Performing other operations...");

        // Await the task result
        Dictionary<string, string> result = await task;
        Console.WriteLine($"Result: {PyFormat.Str(result)}");
    }
}
