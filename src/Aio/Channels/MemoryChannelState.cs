namespace Aio;

/// <summary>
/// What the ends of one memory channel share (trio's <c>MemoryChannelState</c>): the buffer, the
/// blocked senders and receivers, and how many ends of each kind are open. Loop-thread only.
/// </summary>
/// <remarks>
/// Design note. A send hands its value straight to the first blocked receiver if there is one, else
/// buffers it if there is room, else blocks holding the value in its waiter node. A receive takes
/// from the buffer (then moves the first blocked sender's value in), else straight from a blocked
/// sender (a rendezvous), else blocks. Both complete synchronously when they can: as in trio, a
/// cancelled task (or one in a cancelled scope) raises <see cref="CancelledError"/> from them even
/// then, but unlike trio one that does not block does not yield to other tasks either (use
/// <see cref="Asyncio.Checkpoint"/> in a loop that never blocks).
/// Waiter nodes are pooled, the buffer is a ring that grows to the capacity at most, and the awaiters
/// are structs: a steady stream of messages allocates nothing.
/// </remarks>
internal sealed class MemoryChannelState<T>
{
    private readonly Stack<ChannelWaiter<T>> _pool = new();
    private T[] _buffer;
    private int _head;
    private int _count;

    public MemoryChannelState(int capacity)
    {
        Capacity = capacity;
        _buffer = capacity == 0 ? [] : new T[Math.Min(capacity, 16)];
    }

    public int Capacity { get; }

    public int OpenSenders { get; set; } = 1;

    public int OpenReceivers { get; set; } = 1;

    public ChannelWaiterList<T> Senders { get; } = new();

    public ChannelWaiterList<T> Receivers { get; } = new();

    public int Count => _count;

    public ChannelStatistics Statistics() =>
        new(_count, Capacity, OpenSenders, OpenReceivers, Senders.Count, Receivers.Count);

    /// <summary>Sends without blocking if possible: to a blocked receiver, or into the buffer.</summary>
    public bool TrySendCore(T value)
    {
        if (Receivers.PopFirst() is { } receiver)
        {
            receiver.Value = value;
            receiver.Finish(ChannelWaitState.Done);
            return true;
        }

        if (_count < Capacity)
        {
            Push(value);
            return true;
        }

        return false;
    }

    /// <summary>Receives without blocking if possible: from the buffer (refilled from a blocked sender), or from a blocked sender.</summary>
    public bool TryReceiveCore(out T value)
    {
        if (_count > 0)
        {
            value = Pop();
            if (Senders.PopFirst() is { } sender)
            {
                Push(sender.Value);
                sender.Value = default!;
                sender.Finish(ChannelWaitState.Done);
            }

            return true;
        }

        if (Senders.PopFirst() is { } direct)
        {
            value = direct.Value;
            direct.Value = default!;
            direct.Finish(ChannelWaitState.Done);
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// trio's <c>checkpoint_if_cancelled</c>: whether the current task has a cancellation due, which the
    /// operation must raise (by suspending, which cancels at once) instead of sending or receiving.
    /// </summary>
    public static bool CancellationDue() => EventLoop.Running?.CurrentTask is { CancellationDue: true };

    public ChannelWaiter<T> Rent(object end)
    {
        ChannelWaiter<T> node = _pool.TryPop(out ChannelWaiter<T>? pooled) ? pooled : new ChannelWaiter<T>();
        node.End = end;
        return node;
    }

    public void Return(ChannelWaiter<T> node)
    {
        node.Reset();
        if (_pool.Count < 64)
        {
            _pool.Push(node);
        }
    }

    /// <summary>Ends the waits of <paramref name="list"/>'s tasks that came through <paramref name="end"/> (null: all of them).</summary>
    public static void FinishAll(ChannelWaiterList<T> list, object? end, ChannelWaitState state)
    {
        ChannelWaiter<T>? node = list.First;
        while (node is not null)
        {
            ChannelWaiter<T>? next = node.Next;
            if (end is null || ReferenceEquals(node.End, end))
            {
                list.Remove(node);
                node.Finish(state);
            }

            node = next;
        }
    }

    /// <summary>The last receive end closed: buffered values can never be received (trio drops them too).</summary>
    public void DropBuffer()
    {
        Array.Clear(_buffer);
        _head = 0;
        _count = 0;
    }

    private void Push(T value)
    {
        if (_count == _buffer.Length)
        {
            Grow();
        }

        int tail = _head + _count;
        if (tail >= _buffer.Length)
        {
            tail -= _buffer.Length;
        }

        _buffer[tail] = value;
        _count++;
    }

    private T Pop()
    {
        T value = _buffer[_head];
        _buffer[_head] = default!;
        if (++_head == _buffer.Length)
        {
            _head = 0;
        }

        _count--;
        return value;
    }

    private void Grow()
    {
        int size = (int)Math.Min((long)Capacity, Math.Max(4L, _buffer.Length * 2L));
        var bigger = new T[size];
        for (int i = 0; i < _count; i++)
        {
            int index = _head + i;
            bigger[i] = _buffer[index >= _buffer.Length ? index - _buffer.Length : index];
        }

        _buffer = bigger;
        _head = 0;
    }
}
