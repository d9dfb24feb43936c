namespace Aio.Tests.Loop;

/// <summary>
/// The loop's timer queue (a bucketed heap, see docs/design/tasks.md) against the plain rule it must
/// keep: timers fire in (due time, scheduling order), cancelled ones never, none before its time.
/// </summary>
public class TimerOrderTests
{
    [Theory]
    [InlineData(1, 0.05)]
    [InlineData(2, 10.0)]
    [InlineData(3, 0.002)]
    public void ManyTimers_WithTiesCancelsAndReschedules_FireInDueThenSchedulingOrder(int seed, double span)
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var random = new Random(seed);
        var timers = new List<(double When, int Seq, TimerHandle Handle)>();
        var cancelled = new HashSet<int>();
        var fired = new List<int>();
        var early = new List<string>();

        void Schedule(double when)
        {
            int seq = timers.Count;
            TimerHandle handle = loop.CallAt(when, () =>
            {
                fired.Add(seq);
                if (loop.Time() < timers[seq].When)
                {
                    early.Add($"timer {seq} due {timers[seq].When} ran at {loop.Time()}");
                }

                // Some callbacks schedule more timers (never in the past) and cancel pending ones.
                if (random.Next(4) == 0)
                {
                    Schedule(loop.Time() + Quantised(random, span / 10));
                }

                if (random.Next(5) == 0)
                {
                    CancelSomePending();
                }
            });
            timers.Add((when, seq, handle));
            Assert.Equal(when, handle.When);
        }

        void CancelSomePending()
        {
            int victim = random.Next(timers.Count);
            if (!fired.Contains(victim) && cancelled.Add(victim))
            {
                timers[victim].Handle.Cancel();
            }
        }

        for (int i = 0; i < 3000; i++)
        {
            // Quantised due times give many ties, within a 1/1024 s bucket and across buckets.
            Schedule(Quantised(random, span));
        }

        // Due before the loop starts (the past, and far before every bucket), and very far ahead.
        Schedule(-5);
        Schedule(-1e15);
        Schedule(1e15);
        Schedule(-5);
        for (int i = 0; i < 400; i++)
        {
            CancelSomePending();
        }

        loop.CallAt(2e15, loop.Stop);
        loop.RunForever();

        int[] expected = timers
            .Where(t => !cancelled.Contains(t.Seq))
            .OrderBy(t => t.When)
            .ThenBy(t => t.Seq)
            .Select(t => t.Seq)
            .ToArray();
        Assert.Empty(early);
        Assert.Equal(expected, fired);
    }

    [Fact]
    public void CancelledMajority_IsDroppedAtOnce_AsAsyncioCompacts()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var handles = new List<TimerHandle>();
        for (int i = 0; i < 1000; i++)
        {
            handles.Add(loop.CallLater(1 + (i * 0.01), () => { }));
        }

        for (int i = 0; i < 600; i++)
        {
            handles[i * 1000 / 600].Cancel();
        }

        int before = loop.GetLoopSnapshot().Timers;
        int during = -1;
        loop.CallSoon(() => during = loop.GetLoopSnapshot().Timers);
        loop.CallSoon(loop.Stop);
        loop.RunForever();

        // asyncio: more than 100 scheduled and more than half cancelled: rebuilt without them.
        Assert.Equal(1000, before);
        Assert.Equal(400, during);
    }

    [Fact]
    public void CancelledFarTimerAtTheTop_DoesNotDelayOrReorderNearTimers()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var trace = new List<string>();
        loop.CallLater(3600, () => trace.Add("hour")).Cancel();
        loop.CallLater(7200, () => trace.Add("two hours"));
        loop.CallSoon(() =>
        {
            // The cancelled hour-long timer was at the top; these come after its removal.
            loop.CallLater(0.002, () => trace.Add("b"));
            loop.CallLater(0.001, () => trace.Add("a"));
            loop.CallLater(0.002, () => trace.Add("c"));
            loop.CallLater(1, () => trace.Add($"one second at {loop.Time()}"));
        });
        loop.CallLater(7300, loop.Stop);
        loop.RunForever();

        Assert.Equal(["a", "b", "c", "one second at 1", "two hours"], trace);
    }

    [Fact]
    public void TimerRescheduledFromItsCallback_AtTheSameInstant_RunsOnTheNextIteration()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var trace = new List<string>();
        loop.CallAt(1, () =>
        {
            trace.Add("first");
            loop.CallAt(1, () => trace.Add("rescheduled"));
            loop.CallSoon(() => trace.Add("soon"));
        });
        loop.CallAt(1, () => trace.Add("second"));
        loop.CallAt(2, loop.Stop);
        loop.RunForever();

        Assert.Equal(["first", "second", "soon", "rescheduled"], trace);
    }

    private static double Quantised(Random random, double span) => Math.Round(random.NextDouble() * span * 2048) / 2048;
}
