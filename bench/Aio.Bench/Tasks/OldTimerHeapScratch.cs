namespace Aio.Bench.Tasks;

/// <summary>
/// Binary min-heap of timers ordered by (due time, sequence). The sequence makes timers due at the
/// same instant run in scheduling order, which asyncio's callers rely on and which a virtual clock
/// (where many timers share one instant) makes visible. Cancelled timers are removed lazily, as in
/// asyncio's <c>_run_once</c>, and the heap is rebuilt when they dominate.
/// </summary>
/// <remarks>
/// Entries are structs that carry the deadline next to the handle: sifting compares without
/// touching the handles (fewer cache misses) and stores without the array covariance checks a
/// <c>TimerHandle[]</c> would cost on every move.
/// </remarks>
internal sealed class OldTimerHeap
{
    private Entry[] _heap = new Entry[64];
    private long _nextSequence;

    public int Count { get; private set; }

    public int CancelledCount { get; set; }

    public TimerHandle Peek() => _heap[0].Timer;

    public void Push(TimerHandle timer)
    {
        timer.Scheduled = true;
        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        SiftUp(Count++, new Entry(timer.When, _nextSequence++, timer));
    }

    public TimerHandle Pop()
    {
        TimerHandle top = _heap[0].Timer;
        Count--;
        Entry last = _heap[Count];
        _heap[Count] = default;
        if (Count > 0)
        {
            SiftDown(0, last);
        }

        top.Scheduled = false;
        return top;
    }

    /// <summary>Drops cancelled timers: all of them when they are the majority, else those at the top.</summary>
    public void PruneCancelled()
    {
        const int MinScheduled = 100;
        if (Count > MinScheduled && CancelledCount * 2 > Count)
        {
            int kept = 0;
            for (int i = 0; i < Count; i++)
            {
                Entry e = _heap[i];
                if (e.Timer.IsCancelled)
                {
                    e.Timer.Scheduled = false;
                }
                else
                {
                    _heap[kept++] = e;
                }
            }

            Array.Clear(_heap, kept, Count - kept);
            Count = kept;
            for (int i = (Count / 2) - 1; i >= 0; i--)
            {
                SiftDown(i, _heap[i]);
            }

            CancelledCount = 0;
            return;
        }

        while (Count > 0 && _heap[0].Timer.IsCancelled)
        {
            CancelledCount--;
            Pop();
        }
    }

    public void Clear()
    {
        for (int i = 0; i < Count; i++)
        {
            _heap[i].Timer.Scheduled = false;
        }

        Array.Clear(_heap, 0, Count);
        Count = 0;
        CancelledCount = 0;
    }

    private static bool Less(in Entry a, in Entry b) =>
        a.When < b.When || (a.When == b.When && a.Sequence < b.Sequence);

    private void SiftUp(int i, Entry item)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(item, _heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = item;
    }

    private void SiftDown(int i, Entry item)
    {
        int half = Count >> 1;
        while (i < half)
        {
            int child = (2 * i) + 1;
            if (child + 1 < Count && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Less(_heap[child], item))
            {
                break;
            }

            _heap[i] = _heap[child];
            i = child;
        }

        _heap[i] = item;
    }

    private readonly record struct Entry(double When, long Sequence, TimerHandle Timer);
}
