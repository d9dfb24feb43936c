namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Runs the awaitables concurrently and returns their results in argument order (asyncio's
    /// <c>gather()</c>). The first exception propagates to the awaiter while the other children keep
    /// running; cancelling the returned future cancels the children.
    /// </summary>
    public static Future<T[]> Gather<T>(params Future<T>[] futures) => GatherTyped<T>(futures);

    /// <summary>Gathers tasks; see <see cref="Gather{T}(Future{T}[])"/>.</summary>
    public static Future<T[]> Gather<T>(params AioTask<T>[] tasks) => GatherTyped<T>(tasks);

    /// <summary>Wraps each coroutine in a task, in argument order, and gathers them; see <see cref="Gather{T}(Future{T}[])"/>.</summary>
    public static Future<T[]> Gather<T>(params Coroutine<T>[] coroutines) => GatherTyped<T>(ToTasks(coroutines));

    /// <summary>Gathers futures of any result type; results are boxed in argument order.</summary>
    public static Future<object?[]> Gather(params Future[] futures) => Gather(false, futures);

    /// <summary>Wraps each coroutine in a task and gathers them; results are boxed (null for coroutines that return nothing).</summary>
    public static Future<object?[]> Gather(params Coroutine[] coroutines) => Gather(false, ToTasks(coroutines));

    /// <summary>
    /// Gathers futures; with <paramref name="returnExceptions"/>, exceptions (and a
    /// <see cref="CancelledError"/> for each cancelled child) are returned in place of results instead of raised.
    /// </summary>
    public static Future<object?[]> Gather(bool returnExceptions, params Future[] futures)
    {
        ArgumentNullException.ThrowIfNull(futures);
        return GatherCore<object?>(LoopOf(futures), futures, returnExceptions, returnExceptions ? ResultOrError : ResultOf);
    }

    /// <summary>Wraps each coroutine in a task and gathers them; see <see cref="Gather(bool, Future[])"/>.</summary>
    public static Future<object?[]> Gather(bool returnExceptions, params Coroutine[] coroutines) =>
        Gather(returnExceptions, ToTasks(coroutines));

    private static Future<T[]> GatherTyped<T>(Future[] futures)
    {
        ArgumentNullException.ThrowIfNull(futures);
        return GatherCore(LoopOf(futures), futures, returnExceptions: false, static f => (T)f.ResultObject!);
    }

    internal static Future<TResult[]> GatherCore<TResult>(EventLoop loop, Future[] futures, bool returnExceptions, Func<Future, TResult> select)
    {
        foreach (Future f in futures)
        {
            ArgumentNullException.ThrowIfNull(f, nameof(futures));
            if (f.Loop != loop)
            {
                throw new ArgumentException("All futures passed to Gather must belong to the same loop.", nameof(futures));
            }
        }

        if (futures.Length == 0)
        {
            var empty = loop.CreateFuture<TResult[]>();
            empty.SetResult([]);
            return empty;
        }

        return new GatheringFuture<TResult>(loop, futures, returnExceptions, select);
    }

    private static object? ResultOf(Future f) => f.ResultObject;

    private static object? ResultOrError(Future f) =>
        f.IsCancelled ? new CancelledError(f.CancelMessage) : f.Exception ?? f.ResultObject;

    private static EventLoop LoopOf(Future[] futures) => futures.Length > 0 && futures[0] is { } first ? first.Loop : GetEventLoop();

    /// <summary>
    /// asyncio's <c>ensure_future</c> over a list: each coroutine becomes a task, in argument order. The
    /// same coroutine given twice becomes one task, as in <c>gather()</c>.
    /// </summary>
    private static AioTask[] ToTasks(Coroutine[] coroutines)
    {
        ArgumentNullException.ThrowIfNull(coroutines);
        EventLoop loop = GetRunningLoop();
        var tasks = new AioTask[coroutines.Length];
        for (int i = 0; i < coroutines.Length; i++)
        {
            AioTask frame = coroutines[i].Checked();
            if (frame.IsTask && Array.IndexOf(coroutines, coroutines[i], 0, i) >= 0)
            {
                tasks[i] = frame;
                continue;
            }

            tasks[i] = loop.CreateTask(coroutines[i]);
        }

        return tasks;
    }

    private static AioTask<T>[] ToTasks<T>(Coroutine<T>[] coroutines)
    {
        ArgumentNullException.ThrowIfNull(coroutines);
        return Array.ConvertAll(ToTasks(Array.ConvertAll(coroutines, c => (Coroutine)c)), t => (AioTask<T>)t);
    }
}
