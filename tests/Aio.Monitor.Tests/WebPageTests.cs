using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aio.Monitor.Tests;

/// <summary>
/// The monitor's web page in a real headless browser: Debian's Chromium driven by Playwright for .NET
/// (its driver ships in the NuGet package; no browser is downloaded). Skips, saying why, when Chromium
/// is not installed (.ci/setup-monitor.sh installs it).
/// </summary>
[Collection(nameof(MonitorCollection))]
public sealed class WebPageTests
{
    /// <summary>Where Chromium is: <c>AIO_CHROMIUM</c>, else Debian's.</summary>
    private static readonly string s_chromium = Environment.GetEnvironmentVariable("AIO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Page_ShowsTasks_Filters_Cancels_AndShowsTheChain()
    {
        Skip.IfNot(File.Exists(s_chromium), $"Chromium not found at {s_chromium} (apt-get install chromium, or run .ci/setup-monitor.sh; AIO_CHROMIUM overrides the path)");
        var sawCancel = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using MonitoredApp app = WebApp.Start(sawCancel);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = s_chromium, Args = ["--no-sandbox"] });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 720 } });
        page.SetDefaultTimeout((float)s_wait.TotalMilliseconds);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        await page.GotoAsync(WebApp.BaseUri(app).ToString());

        // The table renders the named tasks.
        ILocator rows = page.Locator("#tasks tbody tr");
        foreach (string name in new[] { "worker-1", "worker-2", "deep", "catcher" })
        {
            await Expect(page.Locator($"#tasks tbody tr[data-task-name='{name}']")).ToBeVisibleAsync();
        }

        // The filter filters (and clearing it brings the rest back).
        await page.FillAsync("#filter", "worker");
        await Expect(rows).ToHaveCountAsync(2);
        Assert.All(await rows.Locator("a.task").AllTextContentsAsync(), n => Assert.StartsWith("worker-", n));
        await Expect(page.Locator("#task-count")).ToContainTextAsync("2 matching 'worker'");
        await page.FillAsync("#filter", string.Empty);
        await Expect(page.Locator("#tasks tbody tr[data-task-name='deep']")).ToBeVisibleAsync();

        // A click on cancel cancels the task, which sees CancelledError, and it moves to the finished table.
        await page.Locator("#tasks tbody tr[data-task-name='catcher'] button.cancel").ClickAsync();
        Assert.True(sawCancel.Task.Wait(s_wait), "the task never saw CancelledError");
        Assert.Equal("cancelled from the monitor", sawCancel.Task.Result);
        await Expect(page.Locator("#status")).ToContainTextAsync("'catcher'");
        await Expect(page.Locator("#tasks tbody tr[data-task-name='catcher']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#terminated tbody tr", new() { HasText = "catcher" })).ToContainTextAsync("cancelled");

        // The per-task view shows the coroutine chain, outermost first, and the counters.
        await page.Locator("#tasks tbody tr[data-task-name='deep'] a.task").ClickAsync();
        await Expect(page.Locator("#chain-path")).ToHaveTextAsync("Outer -> Middle -> Inner");
        await Expect(page.Locator("#chain li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#counters dd[data-field='awaiting']")).ToContainTextAsync("sleep until");
        await Expect(page.Locator("#counters dd[data-field='steps']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));

        // The loop's state and the utilisation chart are live.
        await Expect(page.Locator("#loop")).ToContainTextAsync("running");
        await Expect(page.Locator("#chart")).ToHaveAttributeAsync("data-samples", new System.Text.RegularExpressions.Regex("^[2-9]|^[1-9][0-9]"));

        string shot = Path.Combine(AppContext.BaseDirectory, "aio-monitor.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 0);
        if (Environment.GetEnvironmentVariable("AIO_MONITOR_SCREENSHOT") is { Length: > 0 } docs)
        {
            File.Copy(shot, docs, overwrite: true); // How docs/packages/aio-monitor.png is made.
        }

        Assert.Empty(pageErrors);
    }
}
