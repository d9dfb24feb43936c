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

    /// <summary>
    /// Asks the CPU to start loading the callback, task and argument objects of the entry <paramref name="ahead"/>
    /// places behind the head (0: the next one) while the current entry runs (x86 only; elsewhere nothing).
    /// </summary>
    /// <remarks>
    /// Design note. When many tasks wake in one iteration (timers due together, a gather's children
    /// spawned together), each entry's objects were last touched long ago and are out of cache, and
    /// their first loads were the top of the timer workload's profile (the task's step bracket, the
    /// type check of the callback, the awaiter). Prefetching one entry ahead overlaps that latency
    /// with the current step: measured in one process, prefetch off and on in turn (12 rounds, twice),
    /// spawn ran 1.19-1.25x and timer wake-ups 1.09-1.13x faster. An iteration with one entry (a lone
    /// <c>sleep(0)</c> switch) never prefetches. The argument came later: a gather child's done callback
    /// casts its future first, and that cast was 7.6% of the timer workload's profile; prefetching it
    /// too took timer wake-ups from 0.82-0.93M/s to 0.95-1.04M/s (micro-benchmark, three alternating
    /// pairs of processes, collections excluded). See <see cref="CacheHint"/> for what a hint can and cannot do.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int ahead)
    {
        ref ReadyItem next = ref _items[(_head + ahead) & (_items.Length - 1)];
        CacheHint.Load(next.Callback);
        CacheHint.Load(next.Task);
        CacheHint.Load(next.State); // a done callback's future, which the callback's cast touches first
    }

    /// <summary>The task of the entry <paramref name="ahead"/> places behind the head (0: the next one), or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AioTask? PeekTask(int ahead) => _items[(_head + ahead) & (_items.Length - 1)].Task;

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
