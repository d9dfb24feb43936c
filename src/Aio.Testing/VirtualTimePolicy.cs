namespace Aio.Testing;

/// <summary>
/// An event loop policy whose new loops run on a <see cref="VirtualClock"/>. Install it with
/// <see cref="Asyncio.SetEventLoopPolicy"/> to put a whole program on virtual time (as <c>aio example --virtual-time</c> does).
/// </summary>
public sealed class VirtualTimePolicy : EventLoopPolicy
{
    private readonly List<VirtualClock> _clocks = [];

    /// <summary>The virtual time that has passed on all the loops this policy made: what the program would have taken in real time.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_clocks)
            {
                return TimeSpan.FromSeconds(_clocks.Sum(c => c.Now()));
            }
        }
    }

    /// <inheritdoc />
    public override EventLoop NewEventLoop()
    {
        var clock = new VirtualClock { DeadlockTimeout = VirtualTime.DeadlockTimeout };
        lock (_clocks)
        {
            _clocks.Add(clock);
        }

        return new EventLoop(clock);
    }
}
