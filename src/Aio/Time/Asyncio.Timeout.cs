namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// A deadline <paramref name="delay"/> seconds from now for the enclosed block (asyncio's
    /// <c>timeout()</c>): <c>await using (Asyncio.Timeout(10)) { ... }</c>. Null means no deadline.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not called from a task.</exception>
    public static TimeoutScope Timeout(double? delay)
    {
        CheckTimeout(delay, nameof(delay));
        EventLoop loop = GetRunningLoop();
        return new TimeoutScope(delay is double d ? loop.Time() + d : null);
    }

    /// <summary>A deadline at loop time <paramref name="when"/> for the enclosed block (asyncio's <c>timeout_at()</c>).</summary>
    public static TimeoutScope TimeoutAt(double? when)
    {
        CheckTimeout(when, nameof(when));
        return new TimeoutScope(when);
    }

    /// <summary>
    /// Waits for <paramref name="coroutine"/> with a time limit (asyncio's <c>wait_for()</c>): on
    /// timeout it is cancelled, and <see cref="TimeoutException"/> is raised once it has finished
    /// cleaning up. Null waits without limit.
    /// </summary>
    public static async Coroutine<T> WaitFor<T>(Coroutine<T> coroutine, double? timeout)
    {
        CheckTimeout(timeout, nameof(timeout));
        if (timeout <= 0)
        {
            return await WaitForFuture(CreateTask(coroutine), timeout, static f => ((AioTask<T>)f).Result);
        }

        TimeoutScope scope = Timeout(timeout);
        T result;
        try
        {
            result = await coroutine;
        }
        catch (Exception e)
        {
            scope.Exit(e);
            throw;
        }

        scope.Exit(null);
        return result;
    }

    /// <summary>Waits for <paramref name="coroutine"/> with a time limit; see <see cref="WaitFor{T}(Coroutine{T}, double?)"/>.</summary>
    public static async Coroutine WaitFor(Coroutine coroutine, double? timeout)
    {
        CheckTimeout(timeout, nameof(timeout));
        if (timeout <= 0)
        {
            await WaitForFuture(CreateTask(coroutine), timeout, static _ => (object?)null);
            return;
        }

        TimeoutScope scope = Timeout(timeout);
        try
        {
            await coroutine;
        }
        catch (Exception e)
        {
            scope.Exit(e);
            throw;
        }

        scope.Exit(null);
    }

    /// <summary>Waits for a task with a time limit; on timeout the task is cancelled and awaited first.</summary>
    public static Coroutine<T> WaitFor<T>(AioTask<T> task, double? timeout) =>
        WaitForFuture(task, timeout, static f => ((AioTask<T>)f).Result);

    /// <summary>Waits for a future with a time limit; on timeout the future is cancelled.</summary>
    public static Coroutine<T> WaitFor<T>(Future<T> future, double? timeout) =>
        WaitForFuture(future, timeout, static f => ((Future<T>)f).Result);

    /// <summary>Waits for a future of any type with a time limit.</summary>
    public static async Coroutine WaitFor(Future future, double? timeout) =>
        await WaitForFuture(future, timeout, static f => f.ResultObject);

    private static async Coroutine<T> WaitForFuture<T>(Future future, double? timeout, Func<Future, T> result)
    {
        ArgumentNullException.ThrowIfNull(future);
        CheckTimeout(timeout, nameof(timeout));
        if (timeout <= 0)
        {
            if (future.IsDone)
            {
                return result(future);
            }

            await CancelAndWait(future);
            try
            {
                return result(future);
            }
            catch (CancelledError e)
            {
                throw new TimeoutException("The operation has timed out.", e);
            }
        }

        TimeoutScope scope = Timeout(timeout);
        try
        {
            await future;
        }
        catch (Exception e)
        {
            scope.Exit(e);
            throw;
        }

        scope.Exit(null);
        return result(future);
    }

    /// <summary>Cancels <paramref name="future"/> and waits until it is done, however it ends.</summary>
    private static async Coroutine CancelAndWait(Future future)
    {
        var waiter = future.Loop.CreateFuture<object?>();
        Action<Future> release = _ => waiter.TrySetResult(null);
        future.AddCallbackEntry(release, null);
        try
        {
            future.Cancel();
            await waiter;
        }
        finally
        {
            future.RemoveCallbackEntry(release);
        }
    }
}
