namespace Aio.Samples.Guide;

/// <summary>Error handling: an exception raised after an await is caught inside the coroutine.</summary>
public static class S02ErrorHandling
{
    public static void Run() => Asyncio.Run(FetchData());

    private static async Coroutine FetchData()
    {
        try
        {
            await Asyncio.Sleep(1);
            throw new ArgumentException("Something went wrong");
        }
        catch (ArgumentException e)
        {
            Console.WriteLine($"Exception caught: {e.Message}");
        }
    }
}
