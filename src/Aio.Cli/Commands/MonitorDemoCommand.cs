using Aio.Monitor;

namespace Aio.Cli.Commands;

/// <summary>
/// <c>aio monitor-demo --console-port N --web-port M</c>: a small application with the monitor on, to
/// try the console and web page on: <c>ticker</c> prints every second, <c>worker-1</c> and <c>worker-2</c> consume a
/// queue that <c>producer</c> fills, and <c>deep</c> sleeps inside <c>Outer -> Middle -> Inner</c>.
/// Prints <c>ready</c> once the console and (with <c>--web-port</c>) the web page listen, then runs until stopped (Ctrl+C).
/// </summary>
internal static class MonitorDemoCommand
{
    public static int Run(string[] args)
    {
        int consolePort = 20101;
        int? webPort = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--console-port" when i + 1 < args.Length:
                    consolePort = ParsePort(args[++i]);
                    break;
                case "--web-port" when i + 1 < args.Length:
                    webPort = ParsePort(args[++i]);
                    break;
                default:
                    Console.Error.WriteLine("usage: aio monitor-demo [--console-port N] [--web-port M]");
                    return 2;
            }
        }

        Asyncio.Run(() => DemoAsync(consolePort, webPort));
        return 0;
    }

    private static async Task DemoAsync(int consolePort, int? webPort)
    {
        EventLoop loop = Asyncio.GetRunningLoop();
        await using AioMonitor monitor = AioMonitor.Start(loop, new AioMonitorOptions { ConsolePort = consolePort, WebPort = webPort });
        var stop = new AioEvent();
        loop.AddSignalHandler(Signals.Interrupt, stop.Set);
        loop.AddSignalHandler(Signals.Terminate, stop.Set);

        var queue = new AioQueue<int>(10);
        AioTask[] tasks =
        [
            Asyncio.CreateTask(Ticker(), name: "ticker"),
            Asyncio.CreateTask(Producer(queue), name: "producer"),
            Asyncio.CreateTask(Worker(queue), name: "worker-1"),
            Asyncio.CreateTask(Worker(queue), name: "worker-2"),
            Asyncio.CreateTask(Outer(), name: "deep"),
        ];

        Console.WriteLine($"console: nc {monitor.ConsoleEndPoint.Address} {monitor.ConsoleEndPoint.Port}   (or: aio monitor {monitor.ConsoleEndPoint})");
        if (monitor.WebEndPoint is { } web)
        {
            Console.WriteLine($"web: http://{web}/   (JSON API under /api/: tasks, tasks/ID, terminated, loop)");
        }

        Console.WriteLine("ready");
        await stop.WaitAsync();
        foreach (AioTask task in tasks)
        {
            task.Cancel();
        }

        await Asyncio.Wait(tasks);
    }

    private static async Coroutine Ticker()
    {
        for (int tick = 1; ; tick++)
        {
            Console.WriteLine($"tick {tick}");
            await Asyncio.Sleep(1);
        }
    }

    private static async Coroutine Producer(AioQueue<int> queue)
    {
        for (int item = 0; ; item++)
        {
            await queue.PutAsync(item);
            await Asyncio.Sleep(0.3);
        }
    }

    private static async Coroutine Worker(AioQueue<int> queue)
    {
        while (true)
        {
            int item = await queue.GetAsync();
            await Asyncio.Sleep(0.1 * (item % 3));
            queue.TaskDone();
        }
    }

    private static async Coroutine Outer() => await Middle();

    private static async Coroutine Middle() => await Inner();

    private static async Coroutine Inner() => await Asyncio.Sleep(24 * 3600);

    private static int ParsePort(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) && port <= 65535
            ? port
            : throw new ArgumentException($"'{text}' is not a port (0-65535)");
}
