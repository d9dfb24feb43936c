namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Protects <paramref name="future"/> from cancellation (asyncio's <c>shield()</c>): cancelling the
    /// awaiter cancels only the returned outer future; the inner one runs on, and its result is dropped.
    /// </summary>
    public static Future<T> Shield<T>(Future<T> future) => ShieldCore(future, static f => ((Future<T>)f).Result);

    /// <summary>Protects a task from cancellation; see <see cref="Shield{T}(Future{T})"/>.</summary>
    public static Future<T> Shield<T>(AioTask<T> task) => ShieldCore(task, static f => ((AioTask<T>)f).Result);

    /// <summary>Runs <paramref name="coroutine"/> as a task and protects it from cancellation.</summary>
    public static Future<T> Shield<T>(Coroutine<T> coroutine) => Shield(CreateTask(coroutine));

    /// <summary>Protects a future of any type from cancellation; the outer future's result is boxed.</summary>
    public static Future<object?> Shield(Future future) => ShieldCore(future, static f => f.ResultObject);

    /// <summary>Runs <paramref name="coroutine"/> as a task and protects it from cancellation.</summary>
    public static Future<object?> Shield(Coroutine coroutine) => Shield(CreateTask(coroutine));

    private static Future<T> ShieldCore<T>(Future inner, Func<Future, T> result)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var outer = inner.Loop.CreateFuture<T>();
        if (inner.IsDone)
        {
            CopyOutcome(inner, outer, result);
            return outer;
        }

        Action<Future> onInnerDone = f =>
        {
            if (outer.IsCancelled)
            {
                if (!f.IsCancelled)
                {
                    f.MarkExceptionRetrieved();
                }

                return;
            }

            CopyOutcome(f, outer, result);
        };
        inner.AddCallbackEntry(onInnerDone, null);
        outer.AddCallbackEntry(
            (Action<Future>)(_ =>
            {
                if (!inner.IsDone)
                {
                    inner.RemoveCallbackEntry(onInnerDone);
                }
            }),
            null);
        return outer;
    }

    /// <summary>Copies a finished future's outcome (result, exception or cancellation) into another.</summary>
    internal static void CopyOutcome<T>(Future from, Future<T> to, Func<Future, T> result)
    {
        if (from.IsCancelled)
        {
            to.Cancel();
        }
        else if (from.Exception is { } error)
        {
            to.SetException(error);
        }
        else
        {
            to.SetResult(result(from));
        }
    }
}
