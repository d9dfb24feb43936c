namespace Aio.Samples.Guide;

/// <summary>A periodic task (bounded to three rounds so that it ends).</summary>
public static class S17PeriodicMonitor
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine Monitor()
    {
        for (int i = 0; i < 3; i++)
        {
            // Perform the monitoring task
            Console.WriteLine("Monitoring system status...");
            await Asyncio.Sleep(10); // Wait for 10 seconds before the next execution
        }
    }

    private static async Coroutine Main()
    {
        await Asyncio.Gather(Monitor());
    }
}
