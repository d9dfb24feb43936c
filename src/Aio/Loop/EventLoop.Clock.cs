namespace Aio;

/// <remarks>
/// Design note (the loop's side of its clock, <c>docs/design/loop-iteration.md</c>): when a callback is
/// ready or a timer is due the loop only looks for I/O, without asking the clock; otherwise the clock
/// waits (<see cref="Clock.Wait"/>), through the loop's <see cref="ClockHost"/>. Foreign-work counting
/// (<see cref="Aio.ForeignWork"/>) is a hook: present only when the clock asked for it at the loop's
/// creation, so its callers (thread-safe posts, task steps, the executor, TLS handshakes, wrapped tasks)
/// test <see cref="ForeignWork"/> for null and a loop on the real clock does no bookkeeping.
/// </remarks>
public sealed partial class EventLoop
{
    /// <summary>The foreign-work counts a virtual clock reads; null unless the clock asked for them. Set once, in the constructor.</summary>
    internal ForeignWork? ForeignWork { get; private set; }

    /// <summary>What the clock is given when it waits.</summary>
    private ClockHost ClockHost { get; set; } = null!;

    /// <summary>The constructor's last step: installs the foreign-work hook if the clock wants it, then starts the clock.</summary>
    private void AdoptClock()
    {
        ForeignWork = _clock.CountsForeignWork ? new ForeignWork() : null;
        ClockHost = new ClockHost(this, ForeignWork);
        try
        {
            _clock.StartFor(this);
        }
        catch
        {
            Reactor.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits for I/O: only looks when work is ready (<paramref name="ready"/>) or the next timer
    /// (<paramref name="deadline"/>, infinite when none) is due, else lets the clock wait.
    /// </summary>
    private void Block(bool ready, double deadline)
    {
        if (ready || deadline <= _clock.Now())
        {
            PollReactor(0);
        }
        else
        {
            _clock.WaitFor(ClockHost, deadline);
        }
    }
}
