namespace Aio.Samples.Beyond;

/// <summary>A semaphore lets at most two downloads run at once.</summary>
public static class X02SemaphoreLimit
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine Download(AioSemaphore sem, int i, List<int> running, List<string> log)
    {
        using (await sem.AcquireAsync())
        {
            running.Add(i);
            log.Add($"start {i} ({running.Count} running)");
            await Asyncio.Sleep(1 + (i * 0.1));
            running.Remove(i);
            log.Add($"done {i}");
        }
    }

    private static async Coroutine Main()
    {
        var sem = new AioSemaphore(2);
        var running = new List<int>();
        var log = new List<string>();
        await Asyncio.Gather(Enumerable.Range(0, 5).Select(i => Download(sem, i, running, log)).ToArray());
        Console.WriteLine(string.Join('\n', log));
    }
}
