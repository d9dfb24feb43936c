namespace Aio;

/// <summary>
/// Debug mode: reports a coroutine that was created and then dropped without being awaited or made a
/// task (Python's <c>RuntimeWarning: coroutine '...' was never awaited</c>). The frame holds it, so it
/// is finalized when the frame is collected; awaiting or scheduling the coroutine disarms it.
/// </summary>
internal sealed class NeverAwaitedSentinel(string name, string site)
{
    private bool _armed = true;

    ~NeverAwaitedSentinel()
    {
        if (_armed)
        {
            Log.NeverAwaited(AioLog.Logger, name, site);
        }
    }

    public void Disarm()
    {
        _armed = false;
#pragma warning disable CA1816 // The finalizer is the whole point of this object; disarming cancels it.
        GC.SuppressFinalize(this);
#pragma warning restore CA1816
    }
}
