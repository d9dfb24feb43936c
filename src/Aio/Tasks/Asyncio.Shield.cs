namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Protects <paramref name="awaitable"/> from cancellation (asyncio's <c>shield()</c>): a future or
    /// task as it is, anything else run as a task first. Cancelling the awaiter cancels only the
    /// returned outer future; the inner one runs on, and its result is dropped.
    /// </summary>
    public static Future<T> Shield<T>(IAioAwaitable<T> awaitable)
    {
        Future inner = Awaitables.FutureOf(awaitable, nameof(awaitable));
        return ShieldCore(inner, static f => (T)f.ResultObject!);
    }

    /// <summary>Protects an awaitable of any type from cancellation; the outer future's result is boxed (null for none).</summary>
    public static Future<object?> Shield(IAioAwaitable awaitable) =>
        ShieldCore(Awaitables.FutureOf(awaitable, nameof(awaitable)), static f => f.ResultObject);

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
