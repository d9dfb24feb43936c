using System.Diagnostics;

namespace Aio.Testing;

/// <summary>
/// A clock that only moves when the loop would otherwise wait: when no callback is ready it jumps
/// straight to the next timer (trio's <c>MockClock</c> with autojump, tokio's paused time). A test
/// that sleeps for an hour finishes in microseconds, and events happen in the same order as they
/// would in real time.
/// </summary>
/// <remarks>
/// The clock does not jump while work handed to other threads (<see cref="Asyncio.ToThread{T}(Func{T})"/>,
/// <see cref="EventLoop.RunInExecutorAsync{T}(Executor?, Func{T})"/>, <see cref="Asyncio.WrapFuture{T}(Task{T})"/>)
/// or a TLS handshake is in flight: it waits in real time for the result, so that the result is not
/// overtaken by a timer. It waits without limit while executor work is queued or running and the
/// handshake is computing; once the work calls back into the loop (it may then be waiting for loop
/// time), and for wrapped .NET tasks once they have started, it waits up to <see cref="ForeignWorkGrace"/>.
/// Tasks newly suspended on a plain .NET await (whose continuation comes back through the task's
/// synchronization context) get one grace period per batch.
/// I/O from outside the loop (a peer on another thread, another process, a child's pipe) is not
/// foreign work: with the default <see cref="AutojumpThreshold"/> of zero the clock jumps as soon as
/// nothing is readable, so a timeout around such I/O fires at once. Raise the threshold to give it
/// real time first; I/O between the loop's own sockets on loopback needs no threshold.
/// </remarks>
public sealed class VirtualClock : Clock
{
    private double _now;
    private int _seenParkEpoch;

    /// <summary>Creates a clock reading <paramref name="start"/> seconds.</summary>
    public VirtualClock(double start = 0)
    {
        _now = start;
    }

    /// <summary>
    /// Real seconds the loop must be idle (nothing ready, no I/O arriving) before the clock jumps
    /// (trio's <c>autojump_threshold</c>); zero by default. See the remarks on I/O from outside the loop.
    /// </summary>
    public double AutojumpThreshold { get; set; }

    /// <summary>
    /// Real seconds time stands still for foreign work that may be waiting for loop time to pass
    /// (executor work that called back into the loop, for example through <c>RunCoroutineThreadsafe</c>;
    /// a wrapped .NET task) before it jumps anyway.
    /// </summary>
    public double ForeignWorkGrace { get; set; } = 0.5;

    /// <summary>The longest real time busy foreign work holds the clock still (see <see cref="WaitForForeignWork"/>).</summary>
    private static readonly TimeSpan BusyWorkLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Real time to wait when every task is blocked and nothing is scheduled, before failing the run
    /// with a deadlock error; null waits forever, as a real loop would.
    /// </summary>
    public TimeSpan? DeadlockTimeout { get; set; }

    /// <inheritdoc />
    public override double Now() => _now;

    /// <summary>Moves the clock forward by hand.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or NaN.</exception>
    public void Advance(double seconds)
    {
        if (!(seconds >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A clock can only move forward.");
        }

        _now += seconds;
    }

    /// <summary>Loops on this clock count their foreign work: it is what the clock waits for before jumping.</summary>
    protected override bool TracksForeignWork => true;

    /// <summary>
    /// Waits for foreign work and for I/O as the remarks describe, then jumps to <paramref name="deadline"/>;
    /// with nothing scheduled it waits like a real loop, or fails the run after <see cref="DeadlockTimeout"/>.
    /// </summary>
    protected override void Wait(ClockHost host, double deadline)
    {
        ArgumentNullException.ThrowIfNull(host);
        ForeignWork work = host.ForeignWork ?? throw new InvalidOperationException("The loop does not count foreign work for this clock.");
        if (work.Pending > 0 && WaitForForeignWork(host, work))
        {
            // A thread handed a result back while time stood still.
            return;
        }

        if (work.ParkedTasks > 0 && work.ParkEpoch != _seenParkEpoch)
        {
            // Tasks newly suspended on .NET tasks get one grace period for their results; tasks that
            // stay parked (on something that never completes) do not slow every later jump.
            _seenParkEpoch = work.ParkEpoch;
            if (host.Poll(ForeignWorkGrace))
            {
                return;
            }
        }

        if (host.Poll(AutojumpThreshold))
        {
            return;
        }

        if (!double.IsPositiveInfinity(deadline))
        {
            _now += Math.Max(0, deadline - _now);
            return;
        }

        WaitWithNothingScheduled(host, work);
    }

    /// <summary>
    /// Waits in real time for work on other threads: without limit while some of it is busy (executor
    /// work queued or running, a TLS handshake computing; a busy thread pool can take seconds to get to
    /// it), then for <see cref="ForeignWorkGrace"/>. True when something arrived.
    /// </summary>
    private bool WaitForForeignWork(ClockHost host, ForeignWork work)
    {
        // Busy work holds the clock, unless some work is waiting on the loop: then it could be queued
        // behind that (an executor with few workers) and only time passing frees it. The limit is a
        // last resort against work that waits for the loop in a way the loop cannot see.
        long start = Stopwatch.GetTimestamp();
        while (work.IsBusy && work.WaitingOnLoop == 0 && Stopwatch.GetElapsedTime(start) < BusyWorkLimit)
        {
            if (host.Poll(0.01))
            {
                return true;
            }
        }

        return host.Poll(ForeignWorkGrace);
    }

    private void WaitWithNothingScheduled(ClockHost host, ForeignWork work)
    {
        if (DeadlockTimeout is not { } limit || host.IsWatchingIo)
        {
            host.Poll(double.PositiveInfinity);
            return;
        }

        long start = Stopwatch.GetTimestamp();
        if (!host.Poll(limit.TotalSeconds) && work.Pending == 0 && Stopwatch.GetElapsedTime(start) >= limit)
        {
            throw new InvalidOperationException(
                $"Deadlock on virtual time: every task is blocked, no timer is scheduled and nothing arrived for {limit.TotalSeconds:F0} s. Pending: {string.Join(", ", host.Loop.AllTasks())}");
        }
    }
}
