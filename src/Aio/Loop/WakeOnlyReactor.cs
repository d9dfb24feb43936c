namespace Aio;

/// <summary>
/// A reactor with no I/O sources, for platforms without a POSIX poller: it only sleeps until a timer
/// is due or another thread wakes it. Registering a descriptor fails.
/// </summary>
internal sealed class WakeOnlyReactor : Reactor
{
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private int _signals;

    public WakeOnlyReactor(EventLoop loop)
        : base(loop)
    {
    }

    public override string Name => "none";

    public override int Poll(double? timeout)
    {
        if (Volatile.Read(ref _signals) == 0)
        {
            int ms = ToMilliseconds(timeout);
            if (ms == 0)
            {
                return 0;
            }

            _wake.Wait(ms);
        }

        _wake.Reset();
        OnWoken();
        return Interlocked.Exchange(ref _signals, 0);
    }

    public override void Dispose()
    {
        base.Dispose();
        _wake.Dispose();
    }

    protected override void Signal()
    {
        Volatile.Write(ref _signals, 1);
        _wake.Set();
    }

    protected override void Add(IoSource source, IoEvents events) =>
        throw new PlatformNotSupportedException("This platform has no I/O reactor for Aio: sockets, pipes and subprocesses need a POSIX system.");

    protected override void Modify(IoSource source, IoEvents events) => Add(source, events);

    protected override void Remove(IoSource source)
    {
    }
}
