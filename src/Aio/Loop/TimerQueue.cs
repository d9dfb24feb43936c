namespace Aio;

/// <summary>
/// The loop's timers, ordered by (due time, sequence): timers due at the same instant come out in
/// scheduling order, which asyncio's callers rely on and which a virtual clock (where many timers
/// share one instant) makes visible. Cancelled timers are removed lazily, as in asyncio's
/// <c>_run_once</c>, and all at once when they are the majority.
/// </summary>
/// <remarks>
/// <para>
/// A bucketed heap (design note: docs/design/tasks.md, "Timers"). One binary heap over every timer
/// made each pop a walk down 17 levels of a 200k-entry array that does not fit in cache. Here only
/// the timers due before <see cref="_horizon"/> are in the binary heap (<see cref="_near"/>); later
/// ones are appended, unsorted, to a bucket per 1/1024 s of due time, and a bucket is heapified into
/// the near heap when its first timer is popped, that is, when it comes due. The near heap then
/// holds about a millisecond of timers, pushes are appends, and the order is still exact: every
/// near entry is due before the horizon and every bucketed one at or after it, buckets are taken
/// in key order, and within the near heap the (due time, sequence) order decides.
/// </para>
/// <para>
/// Due times that cannot be bucketed (infinite, or beyond 2^40 s either way) live in
/// <see cref="_far"/>, a plain heap: after every bucket, or before every bucket for the very early
/// ones, which go to the near heap since the horizon starts at the lowest bucketed time.
/// </para>
/// <para>
/// Entries are structs that carry the deadline next to the handle: sifting compares without
/// touching the handles (fewer cache misses) and stores without the array covariance checks a
/// <c>TimerHandle[]</c> would cost on every move.
/// </para>
/// </remarks>
internal sealed class TimerQueue
{
    private const double SlotsPerSecond = 1024;
    private const double BucketedLimit = 1L << 40;
    private const int MaxSpareBuckets = 64;

    // asyncio's compaction rule: _MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION.
    private const int MinScheduledForCompaction = 100;

    private readonly EntryHeap _near = new();
    private readonly EntryHeap _far = new();
    private readonly Dictionary<long, Bucket> _buckets = new();
    private readonly PriorityQueue<Bucket, long> _bucketOrder = new();
    private readonly Stack<Bucket> _spareBuckets = new();
    private Bucket? _lastBucket;
    private double _horizon = -BucketedLimit;
    private long _nextSequence;

    public int Count { get; private set; }

    public int CancelledCount { get; set; }

    /// <summary>The timer due first. Only when <see cref="Count"/> is not zero.</summary>
    public TimerHandle Peek()
    {
        if (_near.Count > 0)
        {
            return _near.Top.Timer;
        }

        if (_bucketOrder.TryPeek(out Bucket? first, out _))
        {
            return first.Items[first.Min].Timer;
        }

        return _far.Top.Timer;
    }

    public void Push(TimerHandle timer)
    {
        timer.Scheduled = true;
        Count++;
        var entry = new Entry(timer.When, _nextSequence++, timer);
        double when = entry.When;
        if (when < _horizon)
        {
            _near.Push(entry);
        }
        else if (when < BucketedLimit)
        {
            BucketFor((long)Math.Floor(when * SlotsPerSecond)).Add(entry);
        }
        else
        {
            _far.Push(entry);
        }
    }

    /// <summary>Removes and returns the timer <see cref="Peek"/> returns.</summary>
    public TimerHandle Pop()
    {
        if (_near.Count == 0 && _bucketOrder.Count > 0)
        {
            // The first bucket comes due: it becomes the near heap, and the horizon moves to its end.
            Bucket first = _bucketOrder.Dequeue();
            ForgetBucket(first);
            _near.Load(first.Items, first.Count);
            _horizon = (first.Key + 1) / SlotsPerSecond;
            Recycle(first);
        }

        TimerHandle top = _near.Count > 0 ? _near.Pop().Timer : _far.Pop().Timer;
        Count--;
        top.Scheduled = false;
        return top;
    }

    /// <summary>Drops cancelled timers: all of them when they are the majority, else those at the top.</summary>
    public void PruneCancelled()
    {
        if (CancelledCount == 0)
        {
            return;
        }

        if (Count > MinScheduledForCompaction && CancelledCount * 2 > Count)
        {
            Compact();
            return;
        }

        while (Count > 0 && Peek().IsCancelled)
        {
            if (_near.Count == 0 && _bucketOrder.TryPeek(out Bucket? first, out _))
            {
                // Not Pop: that would make a far-off bucket the near heap and move the horizon far ahead.
                DropCancelled(first);
                if (first.Count == 0)
                {
                    _bucketOrder.Dequeue();
                    ForgetBucket(first);
                    Recycle(first);
                }
            }
            else
            {
                CancelledCount--;
                Pop();
            }
        }
    }

    public void Clear()
    {
        _near.Clear(unschedule: true);
        _far.Clear(unschedule: true);
        foreach (Bucket bucket in _buckets.Values)
        {
            for (int i = 0; i < bucket.Count; i++)
            {
                bucket.Items[i].Timer.Scheduled = false;
            }

            Recycle(bucket);
        }

        _buckets.Clear();
        _bucketOrder.Clear();
        _lastBucket = null;
        Count = 0;
        CancelledCount = 0;
    }

    private static bool Less(in Entry a, in Entry b) =>
        a.When < b.When || (a.When == b.When && a.Sequence < b.Sequence);

    private Bucket BucketFor(long key)
    {
        if (_lastBucket is { } last && last.Key == key)
        {
            return last;
        }

        if (!_buckets.TryGetValue(key, out Bucket? bucket))
        {
            bucket = _spareBuckets.Count > 0 ? _spareBuckets.Pop() : new Bucket();
            bucket.Key = key;
            _buckets.Add(key, bucket);
            _bucketOrder.Enqueue(bucket, key);
        }

        _lastBucket = bucket;
        return bucket;
    }

    private void ForgetBucket(Bucket bucket)
    {
        _buckets.Remove(bucket.Key);
        if (ReferenceEquals(_lastBucket, bucket))
        {
            _lastBucket = null;
        }
    }

    private void Recycle(Bucket bucket)
    {
        Array.Clear(bucket.Items, 0, bucket.Count);
        bucket.Count = 0;
        bucket.Min = 0;
        if (_spareBuckets.Count < MaxSpareBuckets)
        {
            _spareBuckets.Push(bucket);
        }
    }

    /// <summary>Removes a bucket's cancelled timers, keeping the others in their order.</summary>
    private void DropCancelled(Bucket bucket)
    {
        int kept = 0;
        for (int i = 0; i < bucket.Count; i++)
        {
            Entry e = bucket.Items[i];
            if (e.Timer.IsCancelled)
            {
                e.Timer.Scheduled = false;
                CancelledCount--;
                Count--;
            }
            else
            {
                bucket.Items[kept++] = e;
            }
        }

        Array.Clear(bucket.Items, kept, bucket.Count - kept);
        bucket.Count = kept;
        bucket.FindMin();
    }

    /// <summary>asyncio's compaction when cancelled timers are the majority: every cancelled timer goes at once.</summary>
    private void Compact()
    {
        Count -= _near.RemoveCancelled() + _far.RemoveCancelled();
        _bucketOrder.Clear();
        List<long>? emptied = null;
        foreach (Bucket bucket in _buckets.Values)
        {
            DropCancelled(bucket);
            if (bucket.Count == 0)
            {
                (emptied ??= []).Add(bucket.Key);
            }
            else
            {
                _bucketOrder.Enqueue(bucket, bucket.Key);
            }
        }

        if (emptied is not null)
        {
            foreach (long key in emptied)
            {
                Bucket bucket = _buckets[key];
                ForgetBucket(bucket);
                Recycle(bucket);
            }
        }

        CancelledCount = 0;
    }

    private readonly record struct Entry(double When, long Sequence, TimerHandle Timer);

    /// <summary>Timers due in one 1/1024 s slot, in scheduling order; <see cref="Min"/> is the one due first.</summary>
    private sealed class Bucket
    {
        public long Key;
        public Entry[] Items = new Entry[16];
        public int Count;
        public int Min;

        public void Add(in Entry entry)
        {
            if (Count == Items.Length)
            {
                Array.Resize(ref Items, Items.Length * 2);
            }

            // Strictly earlier only: an equal due time scheduled later comes after the current minimum.
            if (Count > 0 && entry.When < Items[Min].When)
            {
                Min = Count;
            }

            Items[Count++] = entry;
        }

        public void FindMin()
        {
            Min = 0;
            for (int i = 1; i < Count; i++)
            {
                if (Less(Items[i], Items[Min]))
                {
                    Min = i;
                }
            }
        }
    }

    /// <summary>A binary min-heap of entries.</summary>
    private sealed class EntryHeap
    {
        private Entry[] _heap = new Entry[64];

        public int Count { get; private set; }

        public ref readonly Entry Top => ref _heap[0];

        public void Push(in Entry entry)
        {
            if (Count == _heap.Length)
            {
                Array.Resize(ref _heap, _heap.Length * 2);
            }

            SiftUp(Count++, entry);
        }

        public Entry Pop()
        {
            Entry top = _heap[0];
            Count--;
            Entry last = _heap[Count];
            _heap[Count] = default;
            if (Count > 0)
            {
                SiftDown(0, last);

                // The next top and its children: the loop pops due timers in a row, and each pop touches
                // its handle (due time, cancelled flag, scheduled flag), last touched when it was
                // scheduled. Both children are fetched because either may be the top after the next pop.
                // Timer wake-ups: 0.97M/s -> 1.07M/s, medians of 24 measurements in 6 alternating pairs of
                // processes (micro-benchmark of bench/Aio.Bench's timer workload, collections excluded).
                for (int i = 0; i < 3 && i < Count; i++)
                {
                    CacheHint.Load(_heap[i].Timer);
                }
            }

            return top;
        }

        /// <summary>Makes the heap hold exactly <paramref name="items"/>' first <paramref name="count"/> entries; the heap must be empty.</summary>
        public void Load(Entry[] items, int count)
        {
            if (_heap.Length < count)
            {
                _heap = new Entry[Math.Max(count, _heap.Length * 2)];
            }

            Array.Copy(items, _heap, count);
            Count = count;
            Heapify();
        }

        /// <summary>Removes the cancelled entries and returns how many there were.</summary>
        public int RemoveCancelled()
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

            int removed = Count - kept;
            Array.Clear(_heap, kept, removed);
            Count = kept;
            Heapify();
            return removed;
        }

        public void Clear(bool unschedule)
        {
            if (unschedule)
            {
                for (int i = 0; i < Count; i++)
                {
                    _heap[i].Timer.Scheduled = false;
                }
            }

            Array.Clear(_heap, 0, Count);
            Count = 0;
        }

        private void Heapify()
        {
            for (int i = (Count / 2) - 1; i >= 0; i--)
            {
                SiftDown(i, _heap[i]);
            }
        }

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
    }
}
