namespace Aio;

/// <summary>A queue that returns the most recently added item first (asyncio's <c>LifoQueue</c>).</summary>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class AioLifoQueue<T> : AioQueue<T>
{
    private readonly List<T> _stack = new();

    /// <summary>Creates a LIFO queue; a <paramref name="maxSize"/> of zero or less means unbounded.</summary>
    public AioLifoQueue(int maxSize = 0)
        : base(maxSize)
    {
    }

    private protected override int Count => _stack.Count;

    private protected override void PutItem(T item) => _stack.Add(item);

    private protected override T TakeItem()
    {
        T item = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return item;
    }

    private protected override IEnumerable<T> Items() => _stack;
}
