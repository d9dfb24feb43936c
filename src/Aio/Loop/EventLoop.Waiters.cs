namespace Aio;

public sealed partial class EventLoop
{
    // Reused waiter nodes: a lock or queue hand-off in steady state allocates nothing.
    private const int MaxPooledWaiters = 4096;
    private readonly Stack<WaiterNode> _waiterPool = new();

    internal WaiterNode RentWaiter() => _waiterPool.TryPop(out WaiterNode? node) ? node : new WaiterNode();

    internal void ReturnWaiter(WaiterNode node)
    {
        node.Reset();
        if (_waiterPool.Count < MaxPooledWaiters)
        {
            _waiterPool.Push(node);
        }
    }
}
