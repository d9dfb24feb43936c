using Aio.Python;

namespace Aio.Samples.Guide;

/// <summary>Combining tasks: gathering two coroutines and printing both results.</summary>
public static class S15GatherResults
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine<string> FetchData1()
    {
        await Asyncio.Sleep(1);
        return "Data 1 fetched";
    }

    private static async Coroutine<string> FetchData2()
    {
        await Asyncio.Sleep(2);
        return "Data 2 fetched";
    }

    private static async Coroutine Main()
    {
        string[] results = await Asyncio.Gather(FetchData1(), FetchData2());
        Console.WriteLine(PyFormat.Str(results));
    }
}
