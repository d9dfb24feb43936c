namespace Aio.Samples.Guide;

/// <summary>Getting started: a coroutine that waits and returns data.</summary>
public static class S01FetchData
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine<string> FetchData()
    {
        await Asyncio.Sleep(1);
        return "Data fetched";
    }

    private static async Coroutine Main()
    {
        string result = await FetchData();
        Console.WriteLine(result);
    }
}
