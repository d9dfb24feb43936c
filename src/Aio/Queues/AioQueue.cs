using System.Diagnostics;

using Aio.Python;

namespace Aio;

/// <summary>
/// A FIFO queue for producer and consumer tasks (asyncio's <c>Queue</c>); not thread-safe. With a
/// <see cref="MaxSize"/>, <see cref="PutAsync"/> waits while the queue is full. Getters and putters are
/// served in FIFO order; a cancelled waiter never takes or loses an item. <c>await foreach</c> over a
/// queue yields items until it is shut down.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
[DebuggerDisplay("{ToString(),nq}")]
public partial class AioQueue<T> : IAsyncEnumerable<T>
{
    private readonly Queue<T> _items = new();
    private readonly WaiterList _getters;
    private readonly WaiterList _putters;
    private readonly AioEvent _finished = new();
    private LoopBinding _binding;

    /// <summary>Creates a queue; a <paramref name="maxSize"/> of zero or less means unbounded.</summary>
    public AioQueue(int maxSize = 0)
    {
        MaxSize = maxSize;
        _finished.Set();
        _getters = new WaiterList(new RecheckOwner(this, getters: true));
        _putters = new WaiterList(new RecheckOwner(this, getters: false));
    }

    /// <summary>The number of items allowed in the queue; zero or less means unbounded (asyncio's <c>maxsize</c>).</summary>
    public int MaxSize { get; }

    /// <summary>The number of items in the queue (asyncio's <c>qsize()</c>).</summary>
    public int QSize => Count;

    /// <summary>Whether the queue has no items (asyncio's <c>empty()</c>).</summary>
    public bool Empty => Count == 0;

    /// <summary>Whether the queue holds <see cref="MaxSize"/> items (asyncio's <c>full()</c>); never for an unbounded queue.</summary>
    public bool Full => MaxSize > 0 && Count >= MaxSize;

    /// <summary>Items put but not yet marked done with <see cref="TaskDone"/>.</summary>
    public int UnfinishedTasks { get; private set; }

    /// <summary>Getters and putters still waiting (cancelled ones on their way out excluded), for introspection.</summary>
    internal (int Getters, int Putters) Waiting => (CountPending(_getters), CountPending(_putters));

    /// <summary>Whether <see cref="Shutdown"/> was called.</summary>
    public bool IsShutDown { get; private set; }

    /// <summary>Waits for a free slot, then adds <paramref name="item"/> (asyncio's <c>put()</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while waiting, the item is not added; a slot freed for this putter goes to the next one.</remarks>
    /// <exception cref="QueueShutDown">The queue is shut down.</exception>
    public PutAwaitable PutAsync(T item) => new(this, item);

    /// <summary>Waits for an item and removes it (asyncio's <c>get()</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while waiting, no item is removed; an item meant for this getter goes to the next one.</remarks>
    /// <exception cref="QueueShutDown">The queue is shut down and empty (or shut down immediately).</exception>
    public GetAwaitable GetAsync() => new(this);

    /// <summary>
    /// Adds <paramref name="item"/> without waiting if there is room (asyncio's <c>put_nowait()</c>, which
    /// raises <c>QueueFull</c> where this returns false).
    /// </summary>
    /// <returns>False when the queue is full; the item is not added.</returns>
    /// <exception cref="QueueShutDown">The queue is shut down, as asyncio's <c>put_nowait()</c> raises.</exception>
    public bool TryPut(T item)
    {
        if (IsShutDown)
        {
            throw new QueueShutDown(QueueShutDown.PutMessage);
        }

        if (Full)
        {
            return false;
        }

        PutItem(item);
        UnfinishedTasks++;
        _finished.Clear();
        _getters.PopAndWakeNext();
        return true;
    }

    /// <summary>
    /// Removes an item without waiting if there is one (asyncio's <c>get_nowait()</c>, which raises
    /// <c>QueueEmpty</c> where this returns false).
    /// </summary>
    /// <returns>
    /// False when the queue is empty, shut down or not (so a shut-down queue can be drained with it);
    /// <paramref name="item"/> is then the default value. <see cref="IsShutDown"/> tells the two apart,
    /// where asyncio's <c>get_nowait()</c> raises <c>QueueShutDown</c>.
    /// </returns>
    public bool TryGet(out T item)
    {
        if (Empty)
        {
            item = default!;
            return false;
        }

        item = TakeItem();
        _putters.PopAndWakeNext();
        return true;
    }

    /// <summary>Marks one item taken with <see cref="GetAsync"/> as processed (asyncio's <c>task_done()</c>).</summary>
    /// <exception cref="InvalidOperationException">Called more times than items were put.</exception>
    public void TaskDone()
    {
        if (UnfinishedTasks <= 0)
        {
            throw new InvalidOperationException("TaskDone() called more times than there were items put in the queue");
        }

        if (--UnfinishedTasks == 0)
        {
            _finished.Set();
        }
    }

    /// <summary>Waits until every item put has been marked done (asyncio's <c>join()</c>).</summary>
    public async Coroutine JoinAsync()
    {
        if (UnfinishedTasks > 0)
        {
            await _finished.WaitAsync();
        }
    }

    /// <summary>
    /// Shuts the queue down (asyncio 3.13's <c>shutdown()</c>): puts raise <see cref="QueueShutDown"/>,
    /// gets raise it once the queue is empty, and every blocked caller is woken. With
    /// <paramref name="immediate"/>, the items are dropped (and counted done) so gets raise at once.
    /// </summary>
    public void Shutdown(bool immediate = false)
    {
        IsShutDown = true;
        if (immediate)
        {
            while (!Empty)
            {
                TakeItem();
                if (UnfinishedTasks > 0)
                {
                    UnfinishedTasks--;
                }
            }

            if (UnfinishedTasks == 0)
            {
                _finished.Set();
            }
        }

        while (_getters.PopAndWakeNext())
        {
        }

        while (_putters.PopAndWakeNext())
        {
        }
    }

    /// <summary>Yields items as they arrive until the queue is shut down and empty.</summary>
    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            T item;
            try
            {
                item = await GetAsync();
            }
            catch (QueueShutDown)
            {
                yield break;
            }

            yield return item;
        }
    }

    /// <summary>Shows the state, as asyncio's str does: <c>&lt;AioQueue maxsize=2 _queue=[1, 2] _getters[1] tasks=2&gt;</c>.</summary>
    public override string ToString()
    {
        string text = $"<{GetType().Name.Split('`')[0]} maxsize={MaxSize}";
        if (!Empty)
        {
            text += $" _queue={PyFormat.Repr(Items())}";
        }

        if (_getters.Count > 0)
        {
            text += $" _getters[{_getters.Count}]";
        }

        if (_putters.Count > 0)
        {
            text += $" _putters[{_putters.Count}]";
        }

        if (UnfinishedTasks > 0)
        {
            text += $" tasks={UnfinishedTasks}";
        }

        if (IsShutDown)
        {
            text += " shutdown";
        }

        return text + ">";
    }

    private static int CountPending(WaiterList list)
    {
        int pending = 0;
        for (WaiterNode? node = list.First; node is not null; node = node.Next)
        {
            pending += node.State == WaiterState.Pending ? 1 : 0;
        }

        return pending;
    }

    // Storage: FIFO here; the priority and LIFO queues override these (asyncio's _init/_put/_get).
    private protected virtual int Count => _items.Count;

    private protected virtual void PutItem(T item) => _items.Enqueue(item);

    private protected virtual T TakeItem() => _items.Dequeue();

    private protected virtual IEnumerable<T> Items() => _items;

    /// <summary>asyncio's <c>while self.empty(): ... await getter</c>: a woken waiter that finds nothing waits again, at the back.</summary>
    private sealed class RecheckOwner(AioQueue<T> queue, bool getters) : IWaiterOwner
    {
        public bool ShouldResume(WaiterNode node)
        {
            if (queue.IsShutDown || (getters ? !queue.Empty : !queue.Full))
            {
                return true;
            }

            node.WaitAgain(getters ? queue._getters : queue._putters);
            return false;
        }
    }
}
