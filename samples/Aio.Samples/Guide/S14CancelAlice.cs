namespace Aio.Samples.Guide;

/// <summary>Cancelling one of two tasks, then gathering both with <c>returnExceptions</c>.</summary>
public static class S14CancelAlice
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine SayHello(string name, double delay)
    {
        try
        {
            await Asyncio.Sleep(delay);
            Console.WriteLine($"Hello, {name}");
        }
        catch (CancelledError)
        {
            Console.WriteLine($"Task for {name} was cancelled");
        }
    }

    private static async Coroutine Main()
    {
        AioTask task1 = Asyncio.CreateTask(SayHello("Alice", 3));
        AioTask task2 = Asyncio.CreateTask(SayHello("Bob", 1));
        await Asyncio.Sleep(1.5);
        task1.Cancel(); // Cancel the task for Alice
        await Asyncio.Gather(returnExceptions: true, task1, task2);
    }
}
