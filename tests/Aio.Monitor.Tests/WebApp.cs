namespace Aio.Monitor.Tests;

/// <summary>
/// The application the web tests monitor: <c>worker-1</c> and <c>worker-2</c> on a queue, <c>deep</c>
/// suspended in <c>Outer -> Middle -> Inner</c>, and <c>catcher</c>, which reports the
/// <see cref="CancelledError"/> it sees.
/// </summary>
internal static class WebApp
{
    public static MonitoredApp Start(TaskCompletionSource<string?> sawCancel, string? token = null) =>
        MonitoredApp.Start(() => StartTasks(sawCancel), new AioMonitorOptions { ConsolePort = 0, WebPort = 0, Token = token });

    public static Uri BaseUri(MonitoredApp app) => new($"http://{app.Monitor.WebEndPoint}/");

    private static Coroutine StartTasks(TaskCompletionSource<string?> sawCancel)
    {
        var queue = new AioQueue<int>();
        Asyncio.CreateTask(Worker(queue), name: "worker-1");
        Asyncio.CreateTask(Worker(queue), name: "worker-2");
        Asyncio.CreateTask(Outer(), name: "deep");
        Asyncio.CreateTask(Catcher(sawCancel), name: "catcher");
        return Asyncio.Sleep(0.05).AsCoroutine();
    }

    private static async Coroutine Worker(AioQueue<int> queue)
    {
        while (true)
        {
            await queue.GetAsync();
        }
    }

    private static async Coroutine Outer() => await Middle();

    private static async Coroutine Middle() => await Inner();

    private static async Coroutine Inner() => await Asyncio.Sleep(3600);

    private static async Coroutine Catcher(TaskCompletionSource<string?> sawCancel)
    {
        try
        {
            await Asyncio.Sleep(3600);
        }
        catch (CancelledError e)
        {
            sawCancel.TrySetResult(e.CancelMessage);
            throw;
        }
    }
}
