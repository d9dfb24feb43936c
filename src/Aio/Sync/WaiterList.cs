namespace Aio;

/// <summary>
/// The FIFO of waiters of one primitive: an intrusive doubly linked list, so appending, popping and
/// removing a cancelled waiter are O(1) and allocate nothing. Cancelled waiters stay in the list
/// until they resume and remove themselves, exactly as asyncio's deques of futures behave.
/// </summary>
/// <param name="owner">Who may send a woken waiter back to wait (a queue's getters or putters), or null;
/// the list gives it to each node it wakes.</param>
internal sealed class WaiterList(IWaiterOwner? owner = null)
{
    public WaiterNode? First { get; private set; }

    public int Count { get; private set; }

    private WaiterNode? _last;

    /// <summary>
    /// Queues the awaiting code: <paramref name="node"/> (rented before the await committed to
    /// suspending) joins the list and the current task is suspended on it. Never throws.
    /// </summary>
    public void Suspend(WaiterNode? node, object continuation)
    {
        EventLoop loop = EventLoop.Running!;
        node ??= loop.RentWaiter();
        Append(node);
        node.Suspend(loop, continuation);
    }

    /// <summary>Ends a wait: takes the node out of the list and back to the pool; returns the exception the wait ends with.</summary>
    public Exception? Finish(WaiterNode node, out WaiterState state)
    {
        Remove(node);
        state = node.State;
        Exception? error = node.EndWait();
        node.Loop?.ReturnWaiter(node);
        return error;
    }

    /// <summary><see cref="Finish"/>, throwing the exception the wait ended with, for primitives with no bookkeeping to do.</summary>
    public void FinishOrThrow(WaiterNode node)
    {
        if (Finish(node, out _) is { } error)
        {
            throw error;
        }
    }

    public void Append(WaiterNode node)
    {
        node.List = this;
        node.Previous = _last;
        node.Next = null;
        if (_last is null)
        {
            First = node;
        }
        else
        {
            _last.Next = node;
        }

        _last = node;
        Count++;
    }

    /// <summary>Unlinks <paramref name="node"/> if it is still in this list (asyncio: <c>deque.remove</c>, ignoring absence).</summary>
    public bool Remove(WaiterNode node)
    {
        if (node.List != this)
        {
            return false;
        }

        if (node.Previous is null)
        {
            First = node.Next;
        }
        else
        {
            node.Previous.Next = node.Next;
        }

        if (node.Next is null)
        {
            _last = node.Previous;
        }
        else
        {
            node.Next.Previous = node.Previous;
        }

        node.List = null;
        node.Previous = null;
        node.Next = null;
        Count--;
        return true;
    }

    /// <summary>Pops waiters until one is still pending and wakes it (asyncio's <c>_wakeup_next</c>).</summary>
    public bool PopAndWakeNext()
    {
        while (First is { } node)
        {
            Remove(node);
            if (node.State == WaiterState.Pending)
            {
                node.Wake(owner);
                return true;
            }
        }

        return false;
    }

    /// <summary>Wakes the first pending waiter without removing it; returns whether one was found.</summary>
    public bool WakeFirstPending()
    {
        for (WaiterNode? node = First; node is not null; node = node.Next)
        {
            if (node.State == WaiterState.Pending)
            {
                node.Wake(owner);
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every waiter was cancelled (asyncio: <c>all(w.cancelled() for w in waiters)</c>); true when empty.</summary>
    public bool AllCancelled()
    {
        for (WaiterNode? node = First; node is not null; node = node.Next)
        {
            if (node.State != WaiterState.Cancelled)
            {
                return false;
            }
        }

        return true;
    }
}
