using System.Diagnostics;

namespace Aio;

/// <summary>
/// The time source of an <see cref="EventLoop"/>. The loop never reads the system clock itself:
/// a virtual clock (see <c>Aio.Testing.VirtualClock</c>) can jump straight to the next timer when
/// every task is blocked, so code that sleeps for minutes is tested in microseconds.
/// </summary>
public abstract class Clock
{
    /// <summary>The current time in seconds on a monotonic scale with an arbitrary origin.</summary>
    public abstract double Now();

    /// <summary>
    /// Waits for I/O or a wake-up for up to <paramref name="timeout"/> seconds of this clock's time
    /// (<c>null</c>: no timer is pending, wait until something happens). The real clock lets the
    /// reactor block; a virtual clock advances itself instead.
    /// </summary>
    internal virtual void Block(EventLoop loop, double? timeout) => loop.PollReactor(timeout);
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
