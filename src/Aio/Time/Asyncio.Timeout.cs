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

    /// <summary>A deadline <paramref name="delay"/> from now for the enclosed block; see <see cref="Timeout(double?)"/>.</summary>
    public static TimeoutScope Timeout(TimeSpan delay) => Timeout(delay.TotalSeconds);

    /// <summary>A deadline at loop time <paramref name="when"/> for the enclosed block (asyncio's <c>timeout_at()</c>).</summary>
    public static TimeoutScope TimeoutAt(double? when)
    {
        CheckTimeout(when, nameof(when));
        return new TimeoutScope(when);
    }

    /// <summary>
    /// Waits for <paramref name="awaitable"/> with a time limit (asyncio's <c>wait_for()</c>): on timeout
    /// it is cancelled, and <see cref="TimeoutException"/> is raised once it has finished cleaning up.
    /// A coroutine or operation (<c>queue.GetAsync()</c>, <c>lock.AcquireAsync()</c>) runs inside the
    /// awaiting task, as in Python 3.12; a future or task is awaited and cancelled on timeout. A timeout
    /// of zero or less cancels at once unless the awaitable is already done; null waits without limit.
    /// </summary>
    /// <exception cref="TimeoutException">The time limit passed first.</exception>
    /// <exception cref="ArgumentException">The timeout is NaN.</exception>
    public static Coroutine<T> WaitFor<T>(IAioAwaitable<T> awaitable, double? timeout)
    {
        ArgumentNullException.ThrowIfNull(awaitable);
        CheckTimeout(timeout, nameof(timeout));
        return awaitable is Future future
            ? WaitForFuture(future, timeout, static f => (T)f.ResultObject!)
            : WaitForCoroutine(awaitable.AsCoroutine(), timeout);
    }

    /// <summary>Waits for an awaitable of any type with a time limit; see <see cref="WaitFor{T}(IAioAwaitable{T}, double?)"/>.</summary>
    public static Coroutine WaitFor(IAioAwaitable awaitable, double? timeout)
    {
        ArgumentNullException.ThrowIfNull(awaitable);
        CheckTimeout(timeout, nameof(timeout));
        return awaitable is Future future
            ? WaitForFuture(future, timeout, static _ => default(VoidResult))
            : WaitForCoroutine(awaitable.AsCoroutine(), timeout);
    }

    /// <summary>Waits for <paramref name="awaitable"/> at most <paramref name="timeout"/>; see <see cref="WaitFor{T}(IAioAwaitable{T}, double?)"/>.</summary>
    public static Coroutine<T> WaitFor<T>(IAioAwaitable<T> awaitable, TimeSpan timeout) => WaitFor(awaitable, timeout.TotalSeconds);

    /// <summary>Waits for <paramref name="awaitable"/> at most <paramref name="timeout"/>; see <see cref="WaitFor{T}(IAioAwaitable{T}, double?)"/>.</summary>
    public static Coroutine WaitFor(IAioAwaitable awaitable, TimeSpan timeout) => WaitFor(awaitable, timeout.TotalSeconds);

    private static async Coroutine<T> WaitForCoroutine<T>(Coroutine<T> coroutine, double? timeout)
    {
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

    private static async Coroutine WaitForCoroutine(Coroutine coroutine, double? timeout)
    {
        if (timeout <= 0)
        {
            await WaitForFuture(CreateTask(coroutine), timeout, static _ => default(VoidResult));
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

    /// <summary>asyncio 3.12's <c>wait_for</c> of a future; <paramref name="result"/> reads a successful one's result.</summary>
    private static async Coroutine<T> WaitForFuture<T>(Future future, double? timeout, Func<Future, T> result)
    {
        if (timeout <= 0)
        {
            if (!future.IsDone)
            {
                await CancelAndWait(future);
            }

            try
            {
                future.ThrowIfFailed();
            }
            catch (CancelledError e)
            {
                throw new TimeoutException("The operation has timed out.", e);
            }

            return result(future);
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
