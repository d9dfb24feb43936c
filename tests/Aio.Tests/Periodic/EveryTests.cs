namespace Aio.Tests.Periodic;

/// <summary>Periodic tasks on the loop clock (issue 11), over 10 virtual minutes.</summary>
public class EveryTests
{
    /// <summary>Run n takes 3 s, except every fourth (n = 3, 7, ...) which takes 25 s: over two and a half intervals.</summary>
    private static double Duration(int n) => n % 4 == 3 ? 25 : 3;

    private static (List<double> Starts, int PeakConcurrency) RunTenMinutes(Overrun overrun)
    {
        var starts = new List<double>();
        int running = 0, peak = 0;
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            AioTask periodic = Asyncio.Every(10, async () =>
            {
                int n = starts.Count;
                starts.Add(loop.Time());
                running++;
                peak = Math.Max(peak, running);
                try
                {
                    await Asyncio.Sleep(Duration(n));
                }
                finally
                {
                    running--;
                }
            }, overrun, name: "ticker");
            Assert.Equal("ticker", periodic.Name);
            loop.CallLater(599.5, () => periodic.Cancel());
            await Assert.ThrowsAsync<CancelledError>(async () => await periodic);
            Assert.True(periodic.IsCancelled);
            Assert.Equal(0, running); // cancelling the task stopped the run in progress too
        });
        return (starts, peak);
    }

    [Fact]
    public void Skip_RunsExactlyTheExpectedNumberOfTimes_OnTicksOnly_WhenSomeRunsOverrun()
    {
        var (starts, peak) = RunTenMinutes(Overrun.Skip);

        // 0, 10, 20, 30 (ends at 55: ticks 40 and 50 are skipped), 60, ...: 4 runs per minute, 10 minutes.
        Assert.Equal(40, starts.Count);
        Assert.Equal([0, 10, 20, 30, 60, 70, 80, 90, 120], starts.Take(9));
        Assert.All(starts, t => Assert.Equal(0, t % 10)); // drift-free: every run starts on a tick
        Assert.Equal(1, peak);
    }

    [Fact]
    public void Delay_RunsLateInsteadOfSkipping_AndTheScheduleShiftsByTheOverrun()
    {
        var (starts, peak) = RunTenMinutes(Overrun.Delay);

        // 0, 10, 20, 30 (ends at 55), 55, 65, 75, 85 (ends at 110), 110, ...: 4 runs every 55 s.
        Assert.Equal(44, starts.Count);
        Assert.Equal([0, 10, 20, 30, 55, 65, 75, 85, 110, 120], starts.Take(10));
        Assert.Equal(580, starts[^1]);
        Assert.Equal(1, peak);
    }

    [Fact]
    public void Concurrent_StartsARunOnEveryTick_OverlappingTheOverrunningOnes()
    {
        var (starts, peak) = RunTenMinutes(Overrun.Concurrent);

        Assert.Equal(60, starts.Count);
        Assert.Equal(Enumerable.Range(0, 60).Select(k => k * 10.0), starts);
        Assert.True(peak >= 2, $"peak concurrency {peak}");
    }

    [Fact]
    public void FirstRunAfterOneInterval_WhenNotRunNow()
    {
        var starts = new List<double>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            AioTask periodic = Asyncio.Every(TimeSpan.FromSeconds(5), async () =>
            {
                starts.Add(loop.Time());
                await Asyncio.Sleep(0);
            }, runNow: false);
            await Asyncio.Sleep(16);
            periodic.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await periodic);
        });
        Assert.Equal([5.0, 10, 15], starts);
    }

    [Fact]
    public void Exceptions_GoToTheExceptionHandlerByDefault_OrStopTheTask()
    {
        var reported = new List<string>();
        int runs = 0;
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.SetExceptionHandler((_, context) => reported.Add($"{context.Message}: {context.Exception?.Message}"));
            AioTask going = Asyncio.Every(1, async () =>
            {
                runs++;
                await Asyncio.Sleep(0);
                throw new InvalidOperationException($"run {runs}");
            });
            await Asyncio.Sleep(2.5);
            going.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await going);

            AioTask stopping = Asyncio.Every(1, async () =>
            {
                await Asyncio.Sleep(0);
                throw new IOException("disk full");
            }, stopOnError: true);
            var error = await Assert.ThrowsAsync<IOException>(async () => await stopping);
            Assert.Equal("disk full", error.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => Asyncio.Every(0, () => default));
            Assert.Throws<ArgumentOutOfRangeException>(() => Asyncio.Every(double.NaN, () => default));
        });
        Assert.Equal(3, runs);
        Assert.Equal(
            ["Exception in a run of a periodic task: run 1", "Exception in a run of a periodic task: run 2", "Exception in a run of a periodic task: run 3"],
            reported);
    }
}
