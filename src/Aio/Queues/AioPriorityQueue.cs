namespace Aio;

/// <summary>
/// A queue that returns the smallest item first (asyncio's <c>PriorityQueue</c>): items are often
/// tuples <c>(priority, data)</c>, compared with <see cref="Comparer{T}.Default"/> unless a comparer is given.
/// </summary>
/// <remarks>
/// A put whose item cannot be compared with the others fails and leaves the queue as it was
/// (asyncio's <c>heappush</c> leaves the item in the heap but uncounted). That is why the heap is
/// kept here rather than in <see cref="PriorityQueue{TElement, TPriority}"/>, which is left holding
/// an empty slot when its comparer throws.
/// </remarks>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class AioPriorityQueue<T> : AioQueue<T>
{
    private readonly List<T> _heap = [];
    private readonly IComparer<T> _comparer;

    /// <summary>Creates a priority queue; a <paramref name="maxSize"/> of zero or less means unbounded.</summary>
    public AioPriorityQueue(int maxSize = 0, IComparer<T>? comparer = null)
        : base(maxSize)
    {
        _comparer = comparer ?? Comparer<T>.Default;
    }

    private protected override int Count => _heap.Count;

    private protected override void PutItem(T item)
    {
        _heap.Add(item);
        int i = _heap.Count - 1;
        try
        {
            while (i > 0)
            {
                int parent = (i - 1) / 2;
                if (_comparer.Compare(_heap[i], _heap[parent]) >= 0)
                {
                    break;
                }

                (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
                i = parent;
            }
        }
        catch
        {
            // Undo the swaps along the path back down to the new leaf, then drop it.
            while (i < _heap.Count - 1)
            {
                int child = LeafwardChild(i, _heap.Count - 1);
                (_heap[i], _heap[child]) = (_heap[child], _heap[i]);
                i = child;
            }

            _heap.RemoveAt(_heap.Count - 1);
            throw;
        }
    }

    private protected override T TakeItem()
    {
        T top = _heap[0];
        int last = _heap.Count - 1;
        _heap[0] = _heap[last];
        _heap.RemoveAt(last);
        int i = 0;
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= _heap.Count)
            {
                break;
            }

            int smallest = left + 1 < _heap.Count && _comparer.Compare(_heap[left + 1], _heap[left]) < 0 ? left + 1 : left;
            if (_comparer.Compare(_heap[smallest], _heap[i]) >= 0)
            {
                break;
            }

            (_heap[i], _heap[smallest]) = (_heap[smallest], _heap[i]);
            i = smallest;
        }

        return top;
    }

    private protected override IEnumerable<T> Items() => _heap;

    /// <summary>The child of <paramref name="node"/> on the path down to <paramref name="leaf"/>.</summary>
    private static int LeafwardChild(int node, int leaf)
    {
        int child = leaf;
        while ((child - 1) / 2 != node)
        {
            child = (child - 1) / 2;
        }

        return child;
    }
}
