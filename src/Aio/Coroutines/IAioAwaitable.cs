namespace Aio;

/// <summary>
/// Anything Aio lets you <c>await</c> on the loop: a coroutine, a future or task, a sleep, or a queue,
/// lock, semaphore, condition or event operation. The combinators take any of them where asyncio
/// takes an awaitable: <c>Asyncio.WaitFor(queue.GetAsync(), 1)</c>, <c>Asyncio.CreateTask(lock.AcquireAsync())</c>,
/// <c>Asyncio.Gather(task, Coroutine())</c>.
/// </summary>
/// <remarks>
/// Awaiting an awaitable directly costs nothing extra; passing a struct awaitable (a coroutine, a sleep,
/// a queue operation) where this interface is expected boxes it once, and the combinator then wraps it
/// in a coroutine or task of its own, as asyncio's <c>ensure_future</c> does.
/// </remarks>
public interface IAioAwaitable
{
    /// <summary>
    /// A coroutine that awaits this and finishes as it does. Like any coroutine it starts only when
    /// awaited or scheduled, so an operation such as <c>queue.GetAsync()</c> takes its item only then.
    /// </summary>
    Coroutine AsCoroutine();
}

/// <summary>An <see cref="IAioAwaitable"/> that produces a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The type of the result.</typeparam>
public interface IAioAwaitable<T> : IAioAwaitable
{
    /// <summary>A coroutine that awaits this and returns its result; see <see cref="IAioAwaitable.AsCoroutine"/>.</summary>
    new Coroutine<T> AsCoroutine();

    /// <inheritdoc />
    Coroutine IAioAwaitable.AsCoroutine() => AsCoroutine();
}
