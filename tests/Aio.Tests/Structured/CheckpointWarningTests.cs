using Aio.Tests.Debug;
using Aio.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Aio.Tests.Structured;

/// <summary>Debug mode names a task that ran longer than SlowCallbackDuration without a checkpoint (issue 11).</summary>
[Collection(nameof(LoggingCollection))]
public class CheckpointWarningTests
{
    [Fact]
    public void DebugMode_ATaskRunningPastSlowCallbackDurationWithoutACheckpoint_IsNamedInAWarning()
    {
        using var capture = new CapturingLoggerFactory();
        AioLog.LoggerFactory = capture;
        try
        {
            VirtualTime.Run(
                async () =>
                {
                    Asyncio.GetRunningLoop().SlowCallbackDuration = 0.05;
                    AioTask hog = Asyncio.CreateTask(Hog(), name: "hog");
                    await hog;
                },
                debug: true);
        }
        finally
        {
            AioLog.LoggerFactory = null;
        }

        Assert.Contains(capture.Entries, e =>
            e.Level == LogLevel.Warning && e.Message.Contains("name='hog'", StringComparison.Ordinal) &&
            e.Message.Contains("without reaching a checkpoint", StringComparison.Ordinal) &&
            e.Message.Contains("Asyncio.Checkpoint()", StringComparison.Ordinal));

        static async Coroutine Hog()
        {
            var (send, receive) = Channel.Create<int>(10);
            for (int i = 0; i < 6; i++)
            {
                await send.SendAsync(i);       // completes at once: no yield
                await receive.ReceiveAsync();
                Thread.Sleep(10);              // CPU work standing in for a long loop body
            }
        }
    }
}
