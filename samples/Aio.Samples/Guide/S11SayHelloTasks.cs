namespace Aio.Samples.Guide;

/// <summary>
/// Three tasks awaited one after another. Written with plain <c>async Task</c> methods, which Aio
/// runs as tasks just as well: <c>Asyncio.CreateTask</c> takes the method to start on the next iteration.
/// </summary>
public static class S11SayHelloTasks
{
    public static void Run() => Asyncio.Run(Main);

    private static async Task SayHello(string name, double delay)
    {
        await Asyncio.Sleep(delay);
        Console.WriteLine($"Hello, {name}");
    }

    private static async Task Main()
    {
        AioTask task1 = Asyncio.CreateTask(() => SayHello("Alice", 2));
        AioTask task2 = Asyncio.CreateTask(() => SayHello("Bob", 1));
        AioTask task3 = Asyncio.CreateTask(() => SayHello("Charlie", 3));
        await task1;
        await task2;
        await task3;
    }
}
