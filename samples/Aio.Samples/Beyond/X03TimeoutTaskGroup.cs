using Aio.Python;

namespace Aio.Samples.Beyond;

/// <summary>A deadline around a task group cancels what is still running.</summary>
public static class X03TimeoutTaskGroup
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine<string> Job(string name, double delay)
    {
        try
        {
            await Asyncio.Sleep(delay);
            return $"{name} done";
        }
        catch (CancelledError)
        {
            Console.WriteLine($"{name} cancelled");
            throw;
        }
    }

    private static async Coroutine Main()
    {
        AioTask<string>? quick = null;
        AioTask<string>? slow = null;
        try
        {
            await using (Asyncio.Timeout(2))
            {
                await Asyncio.TaskGroup(async Coroutine (tg) =>
                {
                    quick = tg.CreateTask(Job("quick", 1));
                    slow = tg.CreateTask(Job("slow", 5));
                    await Asyncio.Sleep(0);
                });
            }
        }
        catch (TimeoutException)
        {
            Console.WriteLine("timed out after 2s");
        }

        Console.WriteLine($"{quick!.Result} {PyFormat.Str(slow!.IsCancelled)}");
    }
}
