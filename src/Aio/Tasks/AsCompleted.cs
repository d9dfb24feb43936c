namespace Aio;

/// <summary>
/// Futures in the order they complete (see <see cref="Asyncio.AsCompleted{T}(IEnumerable{AioTask{T}}, double?)"/>).
/// <c>foreach</c> yields one coroutine per future, returning the next result (asyncio 3.12);
/// <c>await foreach</c> yields the futures themselves as they finish (asyncio 3.13).
/// </summary>
/// <typeparam name="TFuture">The type of the futures.</typeparam>
/// <typeparam name="T">The type of their results.</typeparam>
public sealed class AsCompleted<TFuture, T> : IEnumerable<Coroutine<T>>, IAsyncEnumerable<TFuture>
    where TFuture : Future
{
    private readonly EventLoop _loop;
    private readonly HashSet<TFuture> _todo;
    private readonly Queue<TFuture?> _done = new();
    private readonly Func<TFuture, T> _result;
    private readonly int _total;
    private readonly Action<Future> _onCompletion;
    private TimerHandle? _timeoutHandle;
    private Future<object?>? _waiter;

    internal AsCompleted(EventLoop loop, IEnumerable<TFuture> futures, double? timeout, Func<TFuture, T> result)
    {
        ArgumentNullException.ThrowIfNull(futures);
        if (timeout is double t && double.IsNaN(t))
        {
            throw new ArgumentException("The timeout must be a number of seconds or null, not NaN.", nameof(timeout));
        }

        _loop = loop;
        _result = result;
        _todo = new HashSet<TFuture>(futures, ReferenceEqualityComparer.Instance);
        if (_todo.Contains(null!))
        {
            throw new ArgumentException("The futures contain null.", nameof(futures));
        }

        _total = _todo.Count;
        _onCompletion = OnCompletion;
        foreach (TFuture f in _todo)
        {
            f.AddCallbackEntry(_onCompletion, null);
        }

        if (_todo.Count > 0 && timeout is double seconds)
        {
            _timeoutHandle = loop.CallLater(seconds, OnTimeout);
        }
    }

    /// <summary>One coroutine per future; each returns (or throws) the outcome of the next one to complete.</summary>
    public IEnumerator<Coroutine<T>> GetEnumerator()
    {
        for (int i = 0; i < _total; i++)
        {
            yield return WaitForOneResult();
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The futures themselves, each as soon as it completes.</summary>
    public async IAsyncEnumerator<TFuture> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < _total; i++)
        {
            yield return await WaitForOne();
        }
    }

    private async Coroutine<T> WaitForOneResult() => _result(await WaitForOne());

    private async Coroutine<TFuture> WaitForOne()
    {
        while (_done.Count == 0)
        {
            // Concurrent waiters share one wake-up future; each re-checks the queue.
            _waiter = _waiter is { IsDone: false } pending ? pending : _loop.CreateFuture<object?>();
            await _waiter;
        }

        return _done.Dequeue() ?? throw new TimeoutException("The operation has timed out.");
    }

    private void Push(TFuture? item)
    {
        _done.Enqueue(item);
        _waiter?.TrySetResult(null);
    }

    private void OnCompletion(Future f)
    {
        if (_todo.Count == 0)
        {
            return;
        }

        _todo.Remove((TFuture)f);
        Push((TFuture)f);
        if (_todo.Count == 0)
        {
            _timeoutHandle?.Cancel();
        }
    }

    private void OnTimeout()
    {
        foreach (TFuture f in _todo)
        {
            f.RemoveCallbackEntry(_onCompletion);
            Push(null);
        }

        _todo.Clear();
    }
}
