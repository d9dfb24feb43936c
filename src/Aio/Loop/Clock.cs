using System.Diagnostics;

namespace Aio;

/// <summary>
/// The time source of an <see cref="EventLoop"/>, and the part of the loop that decides how to wait
/// when nothing is ready (trio's <c>trio.abc.Clock</c>). The loop never reads the system clock itself:
/// a virtual clock (see <c>Aio.Testing.VirtualClock</c>) can jump straight to the next timer when
/// every task is blocked, so code that sleeps for minutes is tested in microseconds.
/// </summary>
/// <remarks>
/// <para>
/// The contract, with trio's names: <see cref="Now"/> is <c>current_time()</c>; <see cref="Start"/> is
/// <c>start_clock()</c>; <see cref="DeadlineToSleepTime"/> is <c>deadline_to_sleep_time()</c>. A clock
/// whose time runs at another pace than real time overrides those. A clock that moves its own time
/// (an autojump clock like trio's <c>MockClock</c>) overrides <see cref="Wait"/>: the loop calls it
/// whenever it would block, and the clock may poll for I/O through the <see cref="ClockHost"/> and then
/// advance itself to the deadline instead of sleeping.
/// </para>
/// <para>
/// The loop calls the protected members (through internal forwarders, so that every subclass overrides
/// them as <c>protected</c>) on its own thread, never concurrently. It does not call the
/// clock when a callback is ready or a timer is due: then it only looks for I/O, without waiting. One
/// clock may serve several loops (<see cref="MonotonicClock.Instance"/> does); a clock that keeps
/// per-loop state should be given to one loop only.
/// </para>
/// </remarks>
public abstract class Clock
{
    /// <summary>The current time in seconds on a monotonic scale with an arbitrary origin (trio's <c>current_time()</c>).</summary>
    /// <remarks>Read on the loop's thread for every timer scheduled, every iteration that waits and every iteration while a timer is scheduled; it must be cheap and never go backwards.</remarks>
    public abstract double Now();

    /// <summary>
    /// Whether loops on this clock count their foreign work (<see cref="ForeignWork"/>: executor calls,
    /// wrapped .NET tasks, TLS handshakes, tasks parked on plain .NET awaits) for <see cref="Wait"/> to read
    /// through <see cref="ClockHost.ForeignWork"/>. False by default, so a loop on the real clock does none
    /// of that bookkeeping. Read once, when a loop is created on this clock.
    /// </summary>
    protected virtual bool TracksForeignWork => false;

    /// <summary>
    /// Called once by each loop created on this clock, at the end of the loop's constructor, before the
    /// loop reads the time (trio's <c>start_clock()</c>). Does nothing by default.
    /// </summary>
    /// <param name="loop">The loop that adopted this clock; it is not running yet.</param>
    protected virtual void Start(EventLoop loop)
    {
    }

    /// <summary>
    /// The real seconds to block in the reactor when the next timer is due at <paramref name="deadline"/>
    /// on this clock (trio's <c>deadline_to_sleep_time()</c>). The default, right for a clock that runs at
    /// real time: <c>deadline - Now()</c>.
    /// </summary>
    /// <param name="deadline">The next timer's deadline in this clock's seconds, later than <see cref="Now"/>;
    /// <see cref="double.PositiveInfinity"/> when no timer is scheduled.</param>
    /// <returns>Real seconds to wait for I/O; <see cref="double.PositiveInfinity"/> waits until something
    /// happens, a negative value is taken as zero. The loop caps a finite wait at one day, as asyncio does.</returns>
    protected virtual double DeadlineToSleepTime(double deadline) => deadline - Now();

    /// <summary>
    /// Waits for I/O or a wake-up when nothing is ready and the next timer is due at
    /// <paramref name="deadline"/>. The default polls the reactor for
    /// <see cref="DeadlineToSleepTime"/> real seconds. An autojump clock polls for a short while (or not
    /// at all) and, if nothing arrived, moves its own time to <paramref name="deadline"/>: the loop then
    /// finds the timer due.
    /// </summary>
    /// <param name="host">The loop's side of the wait: polling for I/O, what the loop watches, its foreign work.</param>
    /// <param name="deadline">The next timer's deadline in this clock's seconds, later than <see cref="Now"/>;
    /// <see cref="double.PositiveInfinity"/> when no timer is scheduled.</param>
    /// <remarks>
    /// Returning without advancing time and without anything having arrived is allowed: the loop runs an
    /// empty iteration and asks again.
    /// </remarks>
    protected virtual void Wait(ClockHost host, double deadline)
    {
        ArgumentNullException.ThrowIfNull(host);
        host.Poll(DeadlineToSleepTime(deadline));
    }

    /// <summary>The loop's way to <see cref="TracksForeignWork"/>.</summary>
    internal bool CountsForeignWork => TracksForeignWork;

    /// <summary>The loop's way to <see cref="Start"/>.</summary>
    internal void StartFor(EventLoop loop) => Start(loop);

    /// <summary>The loop's way to <see cref="Wait"/>.</summary>
    internal void WaitFor(ClockHost host, double deadline) => Wait(host, deadline);
}

/// <summary>The real monotonic clock (<see cref="Stopwatch"/>), used unless another is given.</summary>
public sealed class MonotonicClock : Clock
{
    private static readonly double s_tickSeconds = 1.0 / Stopwatch.Frequency;

    /// <summary>The shared instance.</summary>
    public static MonotonicClock Instance { get; } = new();

    /// <inheritdoc />
    public override double Now() => Stopwatch.GetTimestamp() * s_tickSeconds;
}
