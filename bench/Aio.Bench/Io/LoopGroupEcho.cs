namespace Aio.Bench.Io;

/// <summary>The echo server on several loops, one per thread, sharing the port with SO_REUSEPORT.</summary>
internal static class LoopGroupEcho
{
    public static int Run(string api, int port, int loops)
    {
        var threads = new List<Thread>();
        using var ready = new CountdownEvent(loops);
        for (int i = 0; i < loops; i++)
        {
            var thread = new Thread(() =>
            {
                Asyncio.Run(Main());
            })
            {
                IsBackground = true,
                Name = $"aio-loop-{i}",
            };
            threads.Add(thread);
            thread.Start();
        }

        ready.Wait();
        Console.WriteLine($"ready {port}");
        Console.Out.Flush();
        threads.ForEach(t => t.Join());
        return 0;

        async Coroutine Main()
        {
            Asyncio.GetRunningLoop().CallSoon(() => ready.Signal());
            await EchoServers.Serve(api, port, reusePort: true, announce: false);
        }
    }
}
