namespace Aio;

/// <summary>
/// How the combinators turn an <see cref="IAioAwaitable"/> into what they need: a coroutine to run as
/// a task (asyncio's <c>create_task</c>), or a future to watch (asyncio's <c>ensure_future</c>).
/// </summary>
internal static class Awaitables
{
    /// <summary>The coroutine behind <paramref name="awaitable"/>, for <c>CreateTask</c>; futures are refused, as asyncio refuses them.</summary>
    public static Coroutine CoroutineOf(IAioAwaitable awaitable, string parameter)
    {
        ArgumentNullException.ThrowIfNull(awaitable, parameter);
        return awaitable is Future future ? throw NotACoroutine(future, parameter) : awaitable.AsCoroutine();
    }

    /// <summary>The typed coroutine behind <paramref name="awaitable"/>, for <c>CreateTask</c>.</summary>
    public static Coroutine<T> CoroutineOf<T>(IAioAwaitable<T> awaitable, string parameter)
    {
        ArgumentNullException.ThrowIfNull(awaitable, parameter);
        return awaitable is Future future ? throw NotACoroutine(future, parameter) : awaitable.AsCoroutine();
    }

    /// <summary>
    /// A future for <paramref name="awaitable"/> (asyncio's <c>ensure_future</c>): a future or task
    /// itself, otherwise a new task of the running loop running it.
    /// </summary>
    public static Future FutureOf(IAioAwaitable awaitable, string parameter) => awaitable switch
    {
        null => throw new ArgumentNullException(parameter),
        Future future => future,
        _ => Asyncio.GetRunningLoop().CreateTask(awaitable.AsCoroutine()),
    };

    /// <summary>
    /// Futures for each awaitable, in order (asyncio's <c>gather</c> preamble); the same coroutine
    /// given twice becomes one task, as in <c>gather()</c>.
    /// </summary>
    public static Future[] FuturesOf(IAioAwaitable[] awaitables, string parameter)
    {
        ArgumentNullException.ThrowIfNull(awaitables, parameter);
        var futures = new Future[awaitables.Length];
        EventLoop? loop = null;
        for (int i = 0; i < awaitables.Length; i++)
        {
            IAioAwaitable awaitable = awaitables[i] ?? throw new ArgumentNullException(parameter, $"{parameter}[{i}] is null.");
            if (awaitable is Future future)
            {
                futures[i] = future;
                continue;
            }

            // A coroutine given twice is one task, as in asyncio (its second mention finds it promoted).
            Coroutine coroutine = awaitable.AsCoroutine();
            if (coroutine.Frame is { IsTask: true } frame && Array.IndexOf(futures, frame, 0, i) >= 0)
            {
                futures[i] = frame;
                continue;
            }

            loop ??= Asyncio.GetRunningLoop();
            futures[i] = loop.CreateTask(coroutine);
        }

        return futures;
    }

    private static ArgumentException NotACoroutine(Future future, string parameter) =>
        new($"A coroutine or awaitable operation was expected, got {future}: a future or task is already scheduled, so await it, or pass it to Gather, WaitFor or Shield instead.", parameter);
}
