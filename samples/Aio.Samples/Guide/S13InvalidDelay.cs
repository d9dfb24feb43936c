namespace Aio.Samples.Guide;

/// <summary>Handling exceptions inside gathered coroutines: the bad one reports, the others carry on.</summary>
public static class S13InvalidDelay
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine SayHello(string name, double delay)
    {
        try
        {
            if (delay < 0)
            {
                throw new ArgumentException($"Invalid delay: {delay}");
            }

            await Asyncio.Sleep(delay);
            Console.WriteLine($"Hello, {name}");
        }
        catch (ArgumentException e)
        {
            Console.WriteLine(e.Message);
        }
    }

    private static async Coroutine Main()
    {
        Coroutine[] tasks = [SayHello("Alice", 2), SayHello("Bob", -1), SayHello("Charlie", 3)];
        await Asyncio.Gather(tasks);
    }
}
