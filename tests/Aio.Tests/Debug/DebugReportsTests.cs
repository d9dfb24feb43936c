using System.Net;
using System.Runtime.CompilerServices;
using Aio.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Aio.Tests.Debug;

/// <summary>Each report debug mode promises (issue 10's acceptance list), through the configured logger.</summary>
[Collection(nameof(LoggingCollection))]
public class DebugReportsTests
{
    [Fact]
    public void ABlockingCallback_YieldsExactlyOneSlowCallbackWarning_NamingIt()
    {
        List<string> warnings = Capture(() => VirtualTime.Run(
            async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                loop.SlowCallbackDuration = 0.15;
                loop.CallSoon(BlockFor200Milliseconds);
                await Asyncio.Sleep(0);
                await Asyncio.Sleep(0);
            },
            debug: true));

        string warning = Assert.Single(warnings, w => w.Contains(nameof(BlockFor200Milliseconds), StringComparison.Ordinal));
        Assert.StartsWith("Executing", warning);
        Assert.Matches(@"took 0\.[2-9]\d\d seconds", warning);
    }

    [Fact]
    public void ASlowTaskStep_IsNamedWithItsTaskNameAndCreationSite()
    {
        List<string> warnings = Capture(() => VirtualTime.Run(
            async () =>
            {
                Asyncio.GetRunningLoop().SlowCallbackDuration = 0.15;
                await Asyncio.CreateTask(BlockingStep(), name: "hog");
            },
            debug: true));

        // One slow-step warning; the checkpoint advice (trio's) names the same task in a message of its own.
        string warning = Assert.Single(warnings, w => w.StartsWith("Executing", StringComparison.Ordinal) && w.Contains("name='hog'", StringComparison.Ordinal));
        Assert.Single(warnings, w => !w.StartsWith("Executing", StringComparison.Ordinal) && w.Contains("name='hog'", StringComparison.Ordinal) && w.Contains("Checkpoint", StringComparison.Ordinal));
        Assert.Matches(@"created at DebugReportsTests\.(\w+\.)?<lambda>\(\)", warning);
        Assert.Contains("DebugReportsTests.cs:", warning);
    }

    [Fact]
    public void AnUnobservedFailedTask_IsReportedOnce_WithItsCreationSite()
    {
        var capture = new CapturingLoggerFactory();
        AioLog.LoggerFactory = capture;
        try
        {
            VirtualTime.Run(
                async () =>
                {
                    StartDoomedTask();
                    await Asyncio.Sleep(0.1);
                },
                debug: true);
        }
        finally
        {
            AioLog.LoggerFactory = null;
        }

        (LogLevel level, string message, Exception? error) = Assert.Single(capture.Entries, e => e.Message.Contains("exception was never retrieved", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, level);
        Assert.IsType<FormatException>(error);
        Assert.Contains("source_traceback: Task created at DebugReportsTests.StartDoomedTask()", message);
    }

    [Fact]
    public void ACoroutineNeverAwaited_IsReportedWithWhereItWasCreated()
    {
        List<string> warnings = Capture(() => VirtualTime.Run(
            async () =>
            {
                DropACoroutine();
                await Asyncio.Sleep(0);
                GC.Collect();
                GC.WaitForPendingFinalizers();
            },
            debug: true));

        string warning = Assert.Single(warnings, w => w.Contains("was never awaited", StringComparison.Ordinal));
        Assert.StartsWith("coroutine 'Forgotten' was never awaited", warning);
        Assert.Contains("Coroutine created at DebugReportsTests.DropACoroutine()", warning);
    }

    [Fact]
    public void WithoutDebugMode_ANeverAwaitedCoroutine_IsNotWatched()
    {
        List<string> warnings = Capture(() => VirtualTime.Run(async () =>
        {
            DropACoroutine();
            await Asyncio.Sleep(0);
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }));

        Assert.DoesNotContain(warnings, w => w.Contains("was never awaited", StringComparison.Ordinal));
    }

    [Fact]
    public void AServerLeftOpen_IsReportedWhenTheLoopCloses()
    {
        List<string> warnings = Capture(() => Asyncio.Run(
            async () =>
            {
                AioServer server = await Asyncio.StartServer(Serve, IPAddress.Loopback.ToString(), 0);
                Assert.True(server.IsServing);
            },
            debug: true));

        string warning = Assert.Single(warnings, w => w.StartsWith("unclosed server", StringComparison.Ordinal));
        Assert.Contains("<AioServer sockets=(127.0.0.1:", warning);
    }

    [Fact]
    public void AServerClosedInTime_IsNotReported()
    {
        List<string> warnings = Capture(() => Asyncio.Run(
            async () =>
            {
                await using AioServer server = await Asyncio.StartServer(Serve, IPAddress.Loopback.ToString(), 0);
            },
            debug: true));

        Assert.DoesNotContain(warnings, w => w.StartsWith("unclosed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TheEnvironmentSwitch_ReadsAsPythonDoes(string? value, bool on) => Assert.Equal(on, DebugEnvironment.IsOn(value));

    private static async Coroutine Serve(AioStreamReader reader, AioStreamWriter writer)
    {
        writer.Close();
        await Asyncio.Sleep(0);
    }

    private static void BlockFor200Milliseconds() => Thread.Sleep(200);

    private static async Coroutine BlockingStep()
    {
        Thread.Sleep(200);
        await Asyncio.Sleep(0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StartDoomedTask() => Asyncio.CreateTask(Fail());

    private static async Coroutine Fail()
    {
        await Asyncio.Sleep(0);
        throw new FormatException("lost");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropACoroutine() => _ = Forgotten();

    private static async Coroutine Forgotten() => await Asyncio.Sleep(0);

    private static List<string> Capture(Action run)
    {
        var capture = new CapturingLoggerFactory();
        AioLog.LoggerFactory = capture;
        try
        {
            run();
        }
        finally
        {
            AioLog.LoggerFactory = null;
        }

        lock (capture.Entries)
        {
            return capture.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        }
    }
}
