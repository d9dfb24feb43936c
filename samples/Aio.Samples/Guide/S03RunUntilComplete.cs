namespace Aio.Samples.Guide;

/// <summary>Running the event loop by hand until a coroutine completes.</summary>
public static class S03RunUntilComplete
{
    public static void Run()
    {
        using EventLoop loop = Asyncio.NewEventLoop();
        loop.RunUntilComplete(MyCoroutine());
    }

    private static async Coroutine MyCoroutine()
    {
        Console.WriteLine("Hello, Asyncio!");
        await Asyncio.Sleep(1);
        Console.WriteLine("Goodbye, Asyncio!");
    }
}
