namespace Aio;

/// <summary>
/// A queue that returns the smallest item first (asyncio's <c>PriorityQueue</c>): items are often
/// tuples <c>(priority, data)</c>, compared with <see cref="Comparer{T}.Default"/> unless a comparer is given.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class AioPriorityQueue<T> : AioQueue<T>
{
    private readonly PriorityQueue<T, T> _heap;

    /// <summary>Creates a priority queue; a <paramref name="maxSize"/> of zero or less means unbounded.</summary>
    public AioPriorityQueue(int maxSize = 0, IComparer<T>? comparer = null)
        : base(maxSize)
    {
        _heap = new PriorityQueue<T, T>(comparer ?? Comparer<T>.Default);
    }

    private protected override int Count => _heap.Count;

    private protected override void PutItem(T item) => _heap.Enqueue(item, item);

    private protected override T TakeItem() => _heap.Dequeue();

    private protected override IEnumerable<T> Items() => _heap.UnorderedItems.Select(e => e.Element);
}
