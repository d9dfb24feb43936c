using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>One entry of the ready queue: what to run, its argument, and the task it belongs to.</summary>
/// <remarks>
/// <see cref="Callback"/> is an <see cref="Action"/>, an <see cref="IRunnable"/>, a done callback
/// (<see cref="Action{Future}"/>, with the future as <see cref="State"/>) or a <see cref="SendOrPostCallback"/>. <see cref="Task"/> is the Aio task whose step this is (or null
/// for plain callbacks): the loop makes it the current task while the entry runs, which is how
/// every continuation keeps its task identity without tokens threaded through user code.
/// </remarks>
internal struct ReadyItem
{
    public object Callback;
    public object? State;
    public AioTask? Task;
}

/// <summary>
/// The loop's FIFO of callbacks ready to run: a growable power-of-two ring of structs, so
/// scheduling a continuation allocates nothing in steady state.
/// </summary>
internal sealed class ReadyQueue
{
    private ReadyItem[] _items = new ReadyItem[256];
    private int _head;
    private int _count;

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Enqueue(object callback, object? state, AioTask? task)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        ref ReadyItem slot = ref _items[(_head + _count) & (_items.Length - 1)];
        slot.Callback = callback;
        slot.State = state;
        slot.Task = task;
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Dequeue(out ReadyItem item)
    {
        ref ReadyItem slot = ref _items[_head];
        item = slot;
        slot = default;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
    }

    /// <summary>Visits the queued entries in order without removing them (for introspection).</summary>
    public IEnumerable<ReadyItem> Snapshot()
    {
        var copy = new ReadyItem[_count];
        for (int i = 0; i < _count; i++)
        {
            copy[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        return copy;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        var bigger = new ReadyItem[_items.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }
}
