namespace Aio;

/// <summary>How a blocked channel send or receive ended.</summary>
internal enum ChannelWaitState : byte
{
    /// <summary>Still waiting.</summary>
    Pending,

    /// <summary>The value was handed over (taken from a sender, or given to a receiver).</summary>
    Done,

    /// <summary>The task was cancelled while waiting; nothing was handed over.</summary>
    Cancelled,

    /// <summary>The end it waited on was closed.</summary>
    Closed,

    /// <summary>The other side went away: every receiver (for a sender) or sender (for a receiver) closed.</summary>
    OtherSideGone,
}

/// <summary>
/// One task blocked in a channel send or receive: the value in transit, the task, and what to
/// resume. Pooled per channel, so a steady stream of hand-offs allocates nothing. It is both what
/// the task is suspended on (cancelling the task cancels it) and the ready-queue entry resuming it.
/// </summary>
/// <remarks>
/// A hand-off is final: once a receiver got a value (or a sender's value was taken) the wait cannot be
/// cancelled any more, and a cancellation arriving meanwhile is left pending for the task's next await
/// (<see cref="AioTask.ResumeFromCommitted"/>), so no value is lost or delivered twice.
/// </remarks>
internal sealed class ChannelWaiter<T> : IWaitTarget, IRunnable
{
    public ChannelWaiter<T>? Previous;
    public ChannelWaiter<T>? Next;
    public T Value = default!;
    public object? End;
    public ChannelWaitState State;
    public AioTask? Task;
    private EventLoop? _loop;
    private object? _continuation;
    private string? _cancelMessage;

    /// <summary>The list of waiters the node is in; cancelling unlinks it at once.</summary>
    public ChannelWaiterList<T>? List;

    public void Suspend(object continuation)
    {
        EventLoop loop = EventLoop.Running!;
        _loop = loop;
        _continuation = continuation;
        Task = loop.CurrentTask;
        Task?.SuspendOn(this);
    }

    /// <summary>Ends the wait with <paramref name="state"/> and queues the task's resumption.</summary>
    public void Finish(ChannelWaitState state)
    {
        State = state;
        _loop!.Enqueue(this, null, Task);
    }

    public bool CancelWait(AioTask waiter, string? message)
    {
        if (State != ChannelWaitState.Pending)
        {
            return false;
        }

        List?.Remove(this);
        _cancelMessage = message;
        Finish(ChannelWaitState.Cancelled);
        return true;
    }

    public bool WasCancelled => State == ChannelWaitState.Cancelled;

    void IRunnable.Run(object? state)
    {
        if (_continuation is IRunnable runnable)
        {
            runnable.Run(null);
        }
        else
        {
            ((Action)_continuation!)();
        }
    }

    /// <summary>Called by the awaiter's <c>GetResult</c>: the cancellation to raise, or null when the wait ended otherwise.</summary>
    public Exception? EndWait()
    {
        try
        {
            if (State == ChannelWaitState.Done)
            {
                Task?.ResumeFromCommitted(this);
            }
            else
            {
                Task?.ResumeFrom(this);
            }
        }
        catch (Exception e)
        {
            return e;
        }

        return State == ChannelWaitState.Cancelled ? new CancelledError(_cancelMessage) : null;
    }

    public void Reset()
    {
        Previous = null;
        Next = null;
        List = null;
        Value = default!;
        End = null;
        State = ChannelWaitState.Pending;
        Task = null;
        _loop = null;
        _continuation = null;
        _cancelMessage = null;
    }
}

/// <summary>A FIFO of blocked senders or receivers: intrusive, so linking and unlinking allocate nothing.</summary>
internal sealed class ChannelWaiterList<T>
{
    public ChannelWaiter<T>? First;
    private ChannelWaiter<T>? _last;

    public int Count { get; private set; }

    public void Append(ChannelWaiter<T> node)
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

    public ChannelWaiter<T>? PopFirst()
    {
        ChannelWaiter<T>? node = First;
        if (node is not null)
        {
            Remove(node);
        }

        return node;
    }

    public void Remove(ChannelWaiter<T> node)
    {
        if (node.List != this)
        {
            return;
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
    }
}
