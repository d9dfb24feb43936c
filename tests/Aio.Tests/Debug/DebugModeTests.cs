using Aio.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Aio.Tests.Debug;

[Collection(nameof(LoggingCollection))]
public class DebugModeTests
{
    [Fact]
    public void DebugMode_TouchingTheLoopFromAnotherThread_Raises()
    {
        string? callSoonError = null;
        string? setResultError = null;
        VirtualTime.Run(
            async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                Future<int> future = loop.CreateFuture<int>();
                future.AddDoneCallback(_ => { });
                await Asyncio.ToThread(() =>
                {
                    callSoonError = Record(() => loop.CallSoon(() => { }));
                    setResultError = Record(() => future.SetResult(1));
                });
                future.TrySetResult(2);
            },
            debug: true);

        Assert.Equal("Non-thread-safe operation invoked on an event loop other than the current one", callSoonError);
        Assert.Equal("Non-thread-safe operation invoked on an event loop other than the current one", setResultError);
    }

    [Fact]
    public void WithoutDebugMode_CallSoonThreadsafe_IsTheWayFromOtherThreads()
    {
        int result = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            Future<int> future = loop.CreateFuture<int>();
            await Asyncio.ToThread(() => loop.CallSoonThreadsafe(() => future.SetResult(7)));
            return await future;
        });
        Assert.Equal(7, result);
    }

    [Fact]
    public void DebugMode_SlowCallbacks_AreLoggedAsWarnings()
    {
        using var capture = new CapturingLoggerFactory();
        AioLog.LoggerFactory = capture;
        try
        {
            VirtualTime.Run(
                async () =>
                {
                    Asyncio.GetRunningLoop().SlowCallbackDuration = 0;
                    await Asyncio.Sleep(0);
                },
                debug: true);
        }
        finally
        {
            AioLog.LoggerFactory = null;
        }

        Assert.Contains(capture.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("Executing", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultExceptionHandler_LogsThroughTheConfiguredLoggerFactory()
    {
        using var capture = new CapturingLoggerFactory();
        AioLog.LoggerFactory = capture;
        try
        {
            VirtualTime.Run(async () =>
            {
                Asyncio.GetRunningLoop().CallSoon(() => throw new FormatException("bad callback"));
                await Asyncio.Sleep(0);
            });
        }
        finally
        {
            AioLog.LoggerFactory = null;
        }

        (LogLevel level, string message, Exception? exception) = Assert.Single(capture.Entries, e => e.Level == LogLevel.Error);
        Assert.StartsWith("Exception in callback", message);
        Assert.IsType<FormatException>(exception);
        Assert.Equal(LogLevel.Error, level);
    }

    private static string? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }
}

/// <summary>Tests that swap the process-wide logger run one at a time.</summary>
[CollectionDefinition(nameof(LoggingCollection), DisableParallelization = true)]
public sealed class LoggingCollection;
