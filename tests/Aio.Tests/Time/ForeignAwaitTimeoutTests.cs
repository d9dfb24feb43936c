using Aio.Tests.Debug;
using Aio.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Aio.Tests.Time;

/// <summary>A timeout never passes silently, even over awaits C# cannot interrupt (issue 7, item 2).</summary>
[Collection(nameof(LoggingCollection))]
public class ForeignAwaitTimeoutTests
{
    [Fact]
    public void Timeout_ExpiringOnAForeignAwaitThatIgnoresTheToken_RaisesTimeoutExceptionWhenTheBlockEnds()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var foreign = new TaskCompletionSource();
            loop.CallLater(1, foreign.SetResult); // a .NET task that finishes at t=1, long after the deadline
            bool ranToEnd = false;
            var error = await Assert.ThrowsAsync<TimeoutException>(async () =>
            {
                await using (Asyncio.Timeout(0.1))
                {
                    await foreign.Task; // not given the task's token: the cancellation cannot be delivered
                    ranToEnd = true;
                }
            });
            Assert.True(ranToEnd);
            Assert.Equal(1.0, loop.Time(), 6);
            Assert.Contains("could not be delivered", error.Message, StringComparison.Ordinal);
            await Asyncio.Sleep(0); // no cancellation is left pending for the next await
        });
    }

    [Fact]
    public void WaitFor_OfACoroutineOnAForeignAwait_RaisesTimeoutExceptionOnceItReturns()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var foreign = new TaskCompletionSource<int>();
            loop.CallLater(2, () => foreign.SetResult(5));
            await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(Await(foreign.Task), 0.5));
            Assert.Equal(2.0, loop.Time(), 6);
        });

        static async Coroutine<int> Await(Task<int> task) => await task;
    }

    [Fact]
    public void WrapFuture_MakesAForeignAwaitAbandonable_AndALaterFailureIsReported()
    {
        var reported = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.SetExceptionHandler((_, context) => reported.Add($"{context.Message}: {context.Exception?.Message}"));
            var foreign = new TaskCompletionSource();
            loop.CallLater(3, () => foreign.SetException(new IOException("disk gone")));
            await Assert.ThrowsAsync<TimeoutException>(async () =>
            {
                await using (Asyncio.Timeout(0.1))
                {
                    await Asyncio.WrapFuture(foreign.Task); // an Aio await: cancelled at once
                }
            });
            Assert.Equal(0.1, loop.Time(), 6);
            await Asyncio.Sleep(5);
        });
        Assert.Equal(["A .NET task abandoned by a cancelled await failed afterwards: disk gone"], reported);
    }

    [Fact]
    public void DebugMode_LogsTheForeignAwaitThatHeldACancellationBack_WithItsLocation()
    {
        using var capture = new CapturingLoggerFactory();
        AioLog.LoggerFactory = capture;
        try
        {
            VirtualTime.Run(
                async () =>
                {
                    var foreign = new TaskCompletionSource();
                    Asyncio.GetRunningLoop().CallLater(1, foreign.SetResult);
                    AioTask task = Asyncio.CreateTask(Stuck(foreign.Task), name: "stuck");
                    await Asyncio.Sleep(0.25);
                    task.Cancel();
                    await Assert.ThrowsAsync<CancelledError>(async () => await task);
                },
                debug: true);
        }
        finally
        {
            AioLog.LoggerFactory = null;
        }

        int index = capture.EventIds.IndexOf(5);
        Assert.True(index >= 0, "no held-back cancellation was logged");
        (LogLevel level, string message, _) = capture.Entries[index];
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("name='stuck'", message, StringComparison.Ordinal);
        Assert.Contains("0.750 seconds", message, StringComparison.Ordinal);
        Assert.Contains("in Stuck() at ForeignAwaitTimeoutTests.cs:", message, StringComparison.Ordinal);

        static async Coroutine Stuck(Task foreign)
        {
            await foreign;
            await Asyncio.Sleep(10);
        }
    }
}
