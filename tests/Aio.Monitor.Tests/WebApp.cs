namespace Aio.Monitor.Tests;

/// <summary>
/// The application the web tests monitor: the console tests' <c>worker-1</c>, <c>worker-2</c> and
/// <c>deep</c> (suspended in <c>Outer -> Middle -> Inner</c>), and <c>catcher</c>, which reports the
/// <see cref="CancelledError"/> it sees.
/// </summary>
internal static class WebApp
{
    public static MonitoredApp Start(TaskCompletionSource<string?> sawCancel, string? token = null) =>
        MonitoredApp.Start(() => StartTasks(sawCancel), new AioMonitorOptions { ConsolePort = 0, WebPort = 0, Token = token });

    public static Uri BaseUri(MonitoredApp app) => new($"http://{app.Monitor.WebEndPoint}/");

    private static Coroutine StartTasks(TaskCompletionSource<string?> sawCancel)
    {
        Asyncio.CreateTask(ConsoleTests.Catcher(sawCancel), name: "catcher");
        return ConsoleTests.StartWorkers();
    }
}
