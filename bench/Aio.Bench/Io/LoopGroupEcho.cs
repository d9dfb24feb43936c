namespace Aio.Bench.Io;

/// <summary>The echo server on a <see cref="LoopGroup"/>: N loops on N threads sharing the port with SO_REUSEPORT.</summary>
internal static class LoopGroupEcho
{
    public static int Run(string api, int port, int loops)
    {
        using var group = new LoopGroup(loops);
        using var ready = new CountdownEvent(loops);
        var announcer = new Thread(() =>
        {
            ready.Wait();
            Console.WriteLine($"ready {port}");
            Console.Out.Flush();
        })
        {
            IsBackground = true,
        };
        announcer.Start();
        group.Run(async index =>
        {
            Asyncio.GetRunningLoop().CallSoon(() => ready.Signal());
            await EchoServers.Serve(api, port, reusePort: true, announce: false);
        });
        return 0;
    }
}
