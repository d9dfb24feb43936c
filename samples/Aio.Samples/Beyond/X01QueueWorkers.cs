using Aio.Python;

namespace Aio.Samples.Beyond;

/// <summary>Three workers drain a queue of jobs; <c>Join</c> waits until every job is done.</summary>
public static class X01QueueWorkers
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine Worker(string name, AioQueue<double> queue, List<string> log)
    {
        while (true)
        {
            double seconds = await queue.GetAsync();
            await Asyncio.Sleep(seconds);
            log.Add($"{name} finished a {PyFormat.Str(seconds)}s job");
            queue.TaskDone();
        }
    }

    private static async Coroutine Main()
    {
        var queue = new AioQueue<double>();
        foreach (double seconds in new[] { 0.3, 0.1, 0.2, 0.4, 0.7, 0.5 })
        {
            queue.TryPut(seconds);
        }

        var log = new List<string>();
        AioTask[] workers = Enumerable.Range(0, 3).Select(i => Asyncio.CreateTask(Worker($"worker-{i}", queue, log))).ToArray();
        await queue.JoinAsync();
        foreach (AioTask w in workers)
        {
            w.Cancel();
        }

        await Asyncio.Gather(returnExceptions: true, workers);
        Console.WriteLine(string.Join('\n', log));
        Console.WriteLine($"all done, {queue.QSize} left");
    }
}
