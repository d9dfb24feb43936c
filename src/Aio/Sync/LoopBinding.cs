namespace Aio;

/// <summary>
/// Binds a primitive to the loop it is first used on (asyncio's <c>_LoopBoundMixin</c>): primitives
/// can be created outside any loop, but once used on one they refuse every other.
/// </summary>
internal struct LoopBinding
{
    private EventLoop? _loop;

    /// <summary>The running loop, after checking the primitive is (or becomes) bound to it.</summary>
    /// <exception cref="InvalidOperationException">No loop is running, or the primitive belongs to another loop.</exception>
    public EventLoop Get(object owner)
    {
        EventLoop running = EventLoop.Running ?? throw Asyncio.NoRunningLoop();
        _loop ??= running;
        if (!ReferenceEquals(_loop, running))
        {
            throw new InvalidOperationException($"{owner} is bound to a different event loop");
        }

        return running;
    }

    /// <summary>Checks the binding and rents a waiter node, before an await commits to suspending (nothing may throw after that).</summary>
    public WaiterNode RentWaiter(object owner) => Get(owner).RentWaiter();
}
