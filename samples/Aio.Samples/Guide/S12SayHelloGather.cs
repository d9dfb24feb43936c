namespace Aio.Samples.Guide;

/// <summary>The same three greetings gathered: a list of coroutines run concurrently.</summary>
public static class S12SayHelloGather
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine SayHello(string name, double delay)
    {
        await Asyncio.Sleep(delay);
        Console.WriteLine($"Hello, {name}");
    }

    private static async Coroutine Main()
    {
        Coroutine[] tasks = [SayHello("Alice", 2), SayHello("Bob", 1), SayHello("Charlie", 3)];
        await Asyncio.Gather(tasks);
    }
}
