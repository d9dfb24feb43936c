using System.Diagnostics;

namespace Aio.Testing;

/// <summary>
/// A clock that only moves when the loop would otherwise wait: when no callback is ready it jumps
/// straight to the next timer (trio's <c>MockClock</c> with autojump, tokio's paused time). A test
/// that sleeps for an hour finishes in microseconds, and events happen in the same order as they
/// would in real time.
/// </summary>
/// <remarks>
/// The clock does not jump while work handed to other threads (<see cref="Asyncio.ToThread{T}(Func{T})"/>)
/// or a TLS handshake is in flight: it waits in real time for the result (without limit while the work
/// is still queued or the handshake is computing, then up to <see cref="ForeignWorkGrace"/>), so that
/// the result is not overtaken by a timer.
/// Before jumping it polls the reactor for <see cref="AutojumpThreshold"/> real seconds, so I/O that is
/// about to arrive is not skipped over.
/// </remarks>
public sealed class VirtualClock : Clock
{
    private double _now;

    /// <summary>Creates a clock reading <paramref name="start"/> seconds.</summary>
    public VirtualClock(double start = 0)
    {
        _now = start;
    }

    /// <summary>Real seconds the loop must be idle before the clock jumps (trio's <c>autojump_threshold</c>).</summary>
    public double AutojumpThreshold { get; set; }

    /// <summary>
    /// Real seconds time stands still for executor work in flight before it jumps anyway (the thread
    /// may itself be waiting for loop time to pass, for example through <c>RunCoroutineThreadsafe</c>).
    /// </summary>
    public double ForeignWorkGrace { get; set; } = 0.5;

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

    internal override void Block(EventLoop loop, double? timeout)
    {
        if (timeout == 0)
        {
            loop.PollReactor(0);
            return;
        }

        if (loop.ForeignWork > 0 && WaitForForeignWork(loop))
        {
            // A thread handed a result back while time stood still.
            return;
        }

        if (loop.PollReactor(AutojumpThreshold) > 0 || loop.HasReadyWork)
        {
            return;
        }

        if (timeout is double jump)
        {
            _now += jump;
            return;
        }

        WaitWithNothingScheduled(loop);
    }

    /// <summary>
    /// Waits in real time for work on other threads: without limit while some of it is certain not to be
    /// waiting on the loop (executor work still queued, a TLS handshake computing; a busy thread pool can
    /// take seconds to get to it), then for <see cref="ForeignWorkGrace"/>. True when something arrived.
    /// </summary>
    private bool WaitForForeignWork(EventLoop loop)
    {
        while (loop.ForeignWorkBusy > 0)
        {
            if (loop.PollReactor(0.01) > 0 || loop.HasReadyWork)
            {
                return true;
            }
        }

        return loop.PollReactor(ForeignWorkGrace) > 0 || loop.HasReadyWork;
    }

    private void WaitWithNothingScheduled(EventLoop loop)
    {
        if (DeadlockTimeout is not { } limit || loop.Reactor.HasRegistrations)
        {
            loop.PollReactor(null);
            return;
        }

        long start = Stopwatch.GetTimestamp();
        if (loop.PollReactor(limit.TotalSeconds) == 0 && !loop.HasReadyWork && loop.ForeignWork == 0 &&
            Stopwatch.GetElapsedTime(start) >= limit)
        {
            throw new InvalidOperationException(
                $"Deadlock on virtual time: every task is blocked, no timer is scheduled and nothing arrived for {limit.TotalSeconds:F0} s. Pending: {string.Join(", ", loop.AllTasks())}");
        }
    }
}
