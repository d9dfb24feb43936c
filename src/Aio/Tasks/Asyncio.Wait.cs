namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Waits for the futures until <paramref name="returnWhen"/> holds or <paramref name="timeout"/>
    /// seconds pass (asyncio's <c>wait()</c>). Nothing is cancelled on timeout; the futures are split
    /// into those done and those pending.
    /// </summary>
    /// <exception cref="ArgumentException">No futures were given.</exception>
    public static async Coroutine<(HashSet<TFuture> Done, HashSet<TFuture> Pending)> Wait<TFuture>(
        IEnumerable<TFuture> futures, double? timeout = null, ReturnWhen returnWhen = ReturnWhen.AllCompleted)
        where TFuture : Future
    {
        ArgumentNullException.ThrowIfNull(futures);
        CheckTimeout(timeout, nameof(timeout));
        if (!Enum.IsDefined(returnWhen))
        {
            throw new ArgumentOutOfRangeException(nameof(returnWhen), returnWhen, "Invalid return_when value.");
        }

        var all = new HashSet<TFuture>(futures, ReferenceEqualityComparer.Instance);
        if (all.Count == 0)
        {
            throw new ArgumentException("Set of Tasks/Futures is empty.", nameof(futures));
        }

        if (all.Contains(null!))
        {
            throw new ArgumentException("Set of Tasks/Futures contains null.", nameof(futures));
        }

        EventLoop loop = GetRunningLoop();
        var waiter = loop.CreateFuture<object?>();
        TimerHandle? timeoutHandle = timeout is double t ? loop.CallLater(t, () => waiter.TrySetResult(null)) : null;
        int counter = all.Count;
        Action<Future> onCompletion = f =>
        {
            counter--;
            if (counter <= 0 || returnWhen == ReturnWhen.FirstCompleted ||
                (returnWhen == ReturnWhen.FirstException && !f.IsCancelled && f.Exception is not null))
            {
                timeoutHandle?.Cancel();
                waiter.TrySetResult(null);
            }
        };
        foreach (TFuture f in all)
        {
            f.AddCallbackEntry(onCompletion, null);
        }

        try
        {
            await waiter;
        }
        finally
        {
            timeoutHandle?.Cancel();
            foreach (TFuture f in all)
            {
                f.RemoveCallbackEntry(onCompletion);
            }
        }

        var done = new HashSet<TFuture>(ReferenceEqualityComparer.Instance);
        var pending = new HashSet<TFuture>(ReferenceEqualityComparer.Instance);
        foreach (TFuture f in all)
        {
            (f.IsDone ? done : pending).Add(f);
        }

        return (done, pending);
    }

    /// <summary>
    /// The results of <paramref name="futures"/> in the order they complete (asyncio's <c>as_completed()</c>).
    /// Iterate it with <c>foreach</c> to get coroutines that return the next result, or with
    /// <c>await foreach</c> to get the futures themselves as they finish. After <paramref name="timeout"/>
    /// seconds the remaining ones raise <see cref="TimeoutException"/>.
    /// </summary>
    public static AsCompleted<Future<T>, T> AsCompleted<T>(IEnumerable<Future<T>> futures, double? timeout = null) =>
        new(GetEventLoop(), futures, timeout, static f => f.Result);

    /// <summary>The results of <paramref name="tasks"/> in completion order; see <see cref="AsCompleted{T}(IEnumerable{Future{T}}, double?)"/>.</summary>
    public static AsCompleted<AioTask<T>, T> AsCompleted<T>(IEnumerable<AioTask<T>> tasks, double? timeout = null) =>
        new(GetEventLoop(), tasks, timeout, static t => t.Result);

    /// <summary>Runs each coroutine as a task and yields results in completion order.</summary>
    public static AsCompleted<AioTask<T>, T> AsCompleted<T>(IEnumerable<Coroutine<T>> coroutines, double? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(coroutines);
        Future[] tasks = Awaitables.FuturesOf(coroutines.Select(static c => (IAioAwaitable)c).ToArray(), nameof(coroutines));
        return AsCompleted(Array.ConvertAll(tasks, static t => (AioTask<T>)t), timeout);
    }
}
