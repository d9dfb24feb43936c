using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Aio.Tests.Testing;

/// <summary>
/// A clock written by a user on the public contract (<see cref="Clock"/>, <see cref="ClockHost"/>,
/// <see cref="ForeignWork"/>): trio's <c>MockClock</c> (rate, autojump threshold, manual jump) in a few
/// lines, and what the loop shows such a clock while it waits.
/// </summary>
public class UserClockTests
{
    [Fact]
    public void MockClock_WithAutojumpThresholdZero_JumpsToEachTimerInOrder()
    {
        var clock = new MockClock(autojumpThreshold: 0);
        using var loop = new EventLoop(clock);
        var order = new List<string>();
        var stopwatch = Stopwatch.StartNew();

        loop.RunUntilComplete(async () => await Asyncio.Gather(Nap("hour", 3600), Nap("minute", 60), Nap("day", 86400)));

        Assert.Equal(["minute@60", "hour@3600", "day@86400"], order);
        Assert.Equal(86400, loop.Time());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), "an autojump clock must not wait a day");
        Assert.Equal(1, clock.Starts);

        async Coroutine Nap(string name, double seconds)
        {
            await Asyncio.Sleep(seconds);
            order.Add($"{name}@{Asyncio.GetRunningLoop().Time()}");
        }
    }

    [Fact]
    public void MockClock_WithoutAutojump_MovesOnlyWhenJumped()
    {
        var clock = new MockClock();
        using var loop = new EventLoop(clock);
        loop.RunUntilComplete(Main());
        Assert.Equal(10, loop.Time());

        async Coroutine Main()
        {
            AioTask sleeper = Asyncio.CreateTask(Asyncio.Sleep(10).AsCoroutine());
            await Asyncio.Sleep(0);
            clock.Jump(4);
            await Asyncio.Sleep(0);
            await Asyncio.Sleep(0);
            Assert.False(sleeper.IsDone, "4 of 10 seconds passed");

            clock.Jump(6);
            await sleeper;
            Assert.Equal(10, Asyncio.GetRunningLoop().Time());
        }
    }

    [Fact]
    public void MockClock_JumpedFromAnotherThread_WakesTheWaitingLoop()
    {
        // Without autojump the clock's Wait blocks in the reactor (trio's 999999999 s); a thread-safe call
        // wakes it, the jump runs on the loop, and the sleeper's timer is then due.
        var clock = new MockClock();
        using var loop = new EventLoop(clock);
        var jumper = new Thread(() =>
        {
            // Only once the loop is in the clock's Wait (a jump posted earlier would be run before the loop
            // ever waits). Should the loop not be woken, a late jump of 1000 s ends the run and the assertion names it.
            double amount = clock.Waiting.Wait(TimeSpan.FromSeconds(30)) ? 5 : 1000;
            loop.CallSoonThreadsafe(() => clock.Jump(amount));
        });
        jumper.Start();

        loop.RunUntilComplete(async () => await Asyncio.Sleep(5));
        jumper.Join();

        Assert.Equal(5, loop.Time());
        Assert.Contains(clock.SleepTimes, s => s >= 999999999);
    }

    [Fact]
    public void MockClock_WithARate_SleepsTheScaledRealTime()
    {
        // A clock that only overrides Now and DeadlineToSleepTime: the default Wait blocks for what
        // DeadlineToSleepTime returns (trio's rate: virtual seconds per real second).
        var clock = new MockClock(rate: 1000);
        using var loop = new EventLoop(clock);
        loop.RunUntilComplete(async () => await Asyncio.Sleep(2));

        Assert.True(loop.Time() >= 2);
        Assert.NotEmpty(clock.SleepTimes);
        Assert.All(clock.SleepTimes, s => Assert.InRange(s, 0, 2.0 / 1000));
    }

    [Fact]
    public void ClockThatTracksForeignWork_SeesExecutorWorkAndParkedTasksWhileItWaits()
    {
        var clock = new WatchingClock();
        using var loop = new EventLoop(clock);
        loop.RunUntilComplete(Main());

        // The executor call was pending and busy while the loop waited for it.
        Assert.Contains(clock.Seen, s => s.Pending == 1 && s.Busy);

        // The task parked on a plain .NET await was counted, in a new batch.
        Assert.Contains(clock.Seen, s => s.Parked == 1 && s.Epoch > 0);
        Assert.Equal(0, clock.Last!.Value.Pending);

        async Coroutine Main()
        {
            int answer = await Asyncio.ToThread(() =>
            {
                Assert.True(clock.Waiting.Wait(TimeSpan.FromSeconds(30)), "the loop did not wait for the thread");
                return 42;
            });
            Assert.Equal(42, answer);

            clock.Waiting.Reset();
            AioTask parked = Asyncio.CreateTask(async () =>
            {
                var result = new TaskCompletionSource();
                _ = Task.Run(() =>
                {
                    clock.Waiting.Wait(TimeSpan.FromSeconds(30));
                    result.SetResult();
                });
                await result.Task;
            });
            await parked;
        }
    }

    [Fact]
    public void ClockThatDoesNotTrackForeignWork_IsGivenNoCounts()
    {
        var clock = new WatchingClock(track: false);
        using var loop = new EventLoop(clock);
        loop.RunUntilComplete(async () => await Asyncio.ToThread(() => clock.Waiting.Wait(TimeSpan.FromSeconds(30))));

        Assert.NotEmpty(clock.Seen);
        Assert.All(clock.Seen, s => Assert.False(s.Tracked));
        Assert.Null(loop.ForeignWork);
        using var real = new EventLoop();
        Assert.Null(real.ForeignWork);
    }

    [Fact]
    public void ClockStart_ThatThrows_FailsTheLoopsConstruction()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EventLoop(new RefusingClock()));
        Assert.Equal("one loop only", error.Message);
    }

    [Fact]
    public void ClockHostPoll_RejectsNaN()
    {
        var clock = new WatchingClock(pollNaN: true);
        using var loop = new EventLoop(clock);
        loop.RunUntilComplete(async () =>
        {
            // Until the loop has waited once: a first iteration slower than the sleep (JIT) finds its timer due without waiting.
            for (int i = 0; i < 500 && clock.PollError is null; i++)
            {
                await Asyncio.Sleep(0.01);
            }
        });
        Assert.IsType<ArgumentOutOfRangeException>(clock.PollError);
    }

    [Fact]
    public void Clock_IsReadPerIteration_OnlyWhileATimerIsScheduled()
    {
        // The contract says when the loop reads Now(): a task-only loop that never waits does not
        // read it per iteration (asyncio does); once a timer is scheduled, every iteration does, so
        // the timer is found due.
        var clock = new CountingClock();
        using var loop = new EventLoop(clock);
        int withoutTimer = 0;
        int withTimer = 0;
        loop.RunUntilComplete(async () =>
        {
            int before = clock.Reads;
            for (int i = 0; i < 1000; i++)
            {
                await Asyncio.Sleep(0);
            }

            withoutTimer = clock.Reads - before;
            TimerHandle timer = Asyncio.GetRunningLoop().CallLater(3600, () => { });
            before = clock.Reads;
            for (int i = 0; i < 1000; i++)
            {
                await Asyncio.Sleep(0);
            }

            withTimer = clock.Reads - before;
            timer.Cancel();
        });

        Assert.True(withoutTimer < 10, $"{withoutTimer} clock reads in 1000 iterations without a timer");
        Assert.True(withTimer >= 1000, $"{withTimer} clock reads in 1000 iterations with a timer scheduled");
    }

    [Fact]
    public void ClockContract_IsOverridableOutsideAio_AndAioTestingUsesNoInternals()
    {
        // What a clock overrides must be reachable from another assembly (protected or public), and
        // Aio.Testing, which holds the virtual clock, must not need Aio's internals.
        foreach (MethodInfo method in typeof(Clock).GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (method.IsVirtual && method.DeclaringType == typeof(Clock))
            {
                Assert.True(method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly, $"{method.Name} cannot be overridden outside Aio");
            }
        }

        IEnumerable<string> friends = typeof(EventLoop).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);
        Assert.DoesNotContain("Aio.Testing", friends);
    }

    /// <summary>trio's <c>MockClock</c> (trio/_core/_mock_clock.py) on Aio's public clock contract.</summary>
    private sealed class MockClock : Clock
    {
        private readonly Stopwatch _real = Stopwatch.StartNew();
        private double _realBase;
        private double _virtualBase;
        private double _rate;

        public MockClock(double rate = 0, double autojumpThreshold = double.PositiveInfinity)
        {
            Rate = rate;
            AutojumpThreshold = autojumpThreshold;
        }

        /// <summary>Virtual seconds per real second; zero: time moves only by jumps.</summary>
        public double Rate
        {
            get => _rate;
            set
            {
                ArgumentOutOfRangeException.ThrowIfNegative(value);
                double real = Real();
                _virtualBase = ToVirtual(real);
                _realBase = real;
                _rate = value;
            }
        }

        /// <summary>Real seconds of idleness after which the clock jumps to the next timer; infinite: never.</summary>
        public double AutojumpThreshold { get; set; }

        public int Starts { get; private set; }

        public List<double> SleepTimes { get; } = [];

        /// <summary>Set once the loop has called <see cref="Wait"/>.</summary>
        public ManualResetEventSlim Waiting { get; } = new();

        public void Jump(double seconds)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(seconds);
            _virtualBase += seconds;
        }

        public override double Now() => ToVirtual(Real());

        protected override void Start(EventLoop loop) => Starts++;

        protected override double DeadlineToSleepTime(double deadline)
        {
            double timeout = deadline - Now();
            double sleep = timeout <= 0 ? 0 : _rate > 0 ? timeout / _rate : 999999999;
            SleepTimes.Add(sleep);
            return sleep;
        }

        protected override void Wait(ClockHost host, double deadline)
        {
            double sleep = DeadlineToSleepTime(deadline);
            Waiting.Set();
            if (AutojumpThreshold >= sleep)
            {
                host.Poll(sleep);
                return;
            }

            // trio's runner: wait the threshold; if still nothing happened, autojump.
            if (!host.Poll(AutojumpThreshold))
            {
                double jump = deadline - Now();
                if (jump > 0 && !double.IsPositiveInfinity(jump))
                {
                    Jump(jump);
                }
            }
        }

        private double Real() => _real.Elapsed.TotalSeconds;

        private double ToVirtual(double real) => _virtualBase + (_rate * (real - _realBase));
    }

    /// <summary>A clock whose time stands still, counting how often the loop reads it (the loop never waits in the test that uses it).</summary>
    private sealed class CountingClock : Clock
    {
        public int Reads { get; private set; }

        public override double Now()
        {
            Reads++;
            return 0;
        }
    }

    /// <summary>A real-time clock that records what its host shows it each time the loop waits.</summary>
    private sealed class WatchingClock(bool track = true, bool pollNaN = false) : Clock
    {
        public List<(bool Tracked, int Pending, bool Busy, int Parked, int Epoch)> Seen { get; } = [];

        public (bool Tracked, int Pending, bool Busy, int Parked, int Epoch)? Last => Seen.Count > 0 ? Seen[^1] : null;

        /// <summary>Set whenever the loop is in <see cref="Wait"/>.</summary>
        public ManualResetEventSlim Waiting { get; } = new();

        public Exception? PollError { get; private set; }

        protected override bool TracksForeignWork => track;

        public override double Now() => MonotonicClock.Instance.Now();

        protected override void Wait(ClockHost host, double deadline)
        {
            ForeignWork? work = host.ForeignWork;
            Seen.Add((work is not null, work?.Pending ?? 0, work?.IsBusy ?? false, work?.ParkedTasks ?? 0, work?.ParkEpoch ?? 0));
            Waiting.Set();
            if (pollNaN)
            {
                PollError = Record.Exception(() => host.Poll(double.NaN));
            }

            base.Wait(host, deadline);
        }
    }

    private sealed class RefusingClock : Clock
    {
        public override double Now() => 0;

        protected override void Start(EventLoop loop) => throw new InvalidOperationException("one loop only");
    }
}
