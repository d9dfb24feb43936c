namespace Aio.Samples.Guide;

/// <summary>Coroutines: a suspension point in the middle of a coroutine that returns a dictionary.</summary>
public static class S07CoroutineDict
{
    public static void Run() => Asyncio.Run(FetchData());

    private static async Coroutine<Dictionary<string, string>> FetchData()
    {
        Console.WriteLine("Start fetching data...");
        await Asyncio.Sleep(2); // Simulates an I/O-bound operation
        Console.WriteLine("Data fetched");
        return new Dictionary<string, string> { ["data"] = "sample data" };
    }
}
