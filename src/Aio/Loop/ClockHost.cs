namespace Aio;

/// <summary>
/// The loop as its <see cref="Clock"/> sees it while the loop waits (<see cref="Clock.Wait"/>): polling
/// the reactor for I/O, whether anything could still arrive, and the loop's foreign work. One per loop;
/// use it on the loop's thread, from within <see cref="Clock.Wait"/> only.
/// </summary>
public sealed class ClockHost
{
    internal ClockHost(EventLoop loop, ForeignWork? foreignWork)
    {
        Loop = loop;
        ForeignWork = foreignWork;
    }

    /// <summary>The loop that is waiting.</summary>
    public EventLoop Loop { get; }

    /// <summary>
    /// The loop's work on other threads, counted because the clock asked for it
    /// (<see cref="Clock.TracksForeignWork"/>); null otherwise.
    /// </summary>
    public ForeignWork? ForeignWork { get; }

    /// <summary>
    /// Whether the loop watches any file descriptor or socket (a server, a connection, a pipe), so that I/O
    /// could still wake it although no timer is scheduled.
    /// </summary>
    public bool IsWatchingIo => Loop.Reactor.HasRegistrations;

    /// <summary>
    /// Blocks in the loop's reactor for up to <paramref name="seconds"/> of real time, or until I/O is
    /// ready or another thread posts work (<see cref="EventLoop.CallSoonThreadsafe(Action)"/>, an executor's
    /// result), and says whether anything arrived. The callbacks of I/O that arrived are queued; the loop
    /// runs them once the clock returns.
    /// </summary>
    /// <param name="seconds">Real seconds; zero only looks, <see cref="double.PositiveInfinity"/> waits until
    /// something happens, a negative value is taken as zero. A finite wait is capped at one day.</param>
    /// <returns>True when I/O is ready or callbacks are waiting to run: the clock should return without moving its time.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is NaN.</exception>
    public bool Poll(double seconds)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A wait must be a number of seconds.");
        }

        double? timeout = double.IsPositiveInfinity(seconds) ? null : Math.Max(0, seconds);
        return Loop.PollReactor(timeout) > 0 || Loop.HasReadyWork;
    }
}
