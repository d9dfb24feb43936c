namespace Aio;

/// <summary>
/// The part of the loop that blocks: it waits for I/O readiness or a cross-thread wake-up, for at
/// most the time until the next timer. Linux gets an epoll reactor driven by the loop thread; the
/// portable one serves everything else. Both queue their callbacks onto the loop's ready queue.
/// </summary>
internal abstract class Reactor : IDisposable
{
    /// <summary>Waits up to <paramref name="timeout"/> seconds (null: without limit, 0: just look).</summary>
    /// <returns>The number of events dispatched (wake-ups count as one).</returns>
    public abstract int Poll(double? timeout);

    /// <summary>Interrupts a <see cref="Poll"/> in progress or the next one. Safe from any thread.</summary>
    public abstract void Wake();

    /// <summary>Whether any file descriptor or socket is registered, i.e. I/O may still arrive.</summary>
    public virtual bool HasRegistrations => false;

    public virtual void Dispose()
    {
    }

    /// <summary>Converts a timeout in seconds to whole milliseconds, rounding up so a wait never ends early.</summary>
    protected static int ToMilliseconds(double? timeout) => timeout switch
    {
        null => -1,
        <= 0 => 0,
        _ => (int)Math.Min(Math.Ceiling(timeout.Value * 1000), int.MaxValue),
    };
}

/// <summary>A reactor with no I/O sources: it only sleeps until a timer is due or another thread wakes it.</summary>
internal sealed class WakeOnlyReactor : Reactor
{
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private int _wakePending;

    public override int Poll(double? timeout)
    {
        if (Volatile.Read(ref _wakePending) == 0)
        {
            int ms = ToMilliseconds(timeout);
            if (ms == 0)
            {
                return 0;
            }

            _wake.Wait(ms);
        }

        _wake.Reset();
        return Interlocked.Exchange(ref _wakePending, 0);
    }

    public override void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Set();
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
