namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Runs blocking <paramref name="func"/> on the default executor and waits for its result without
    /// blocking the loop (asyncio's <c>to_thread()</c>). Async-local state flows to the thread.
    /// </summary>
    /// <remarks>Cancel safety: cancelling the awaiting task abandons the result; work that already started runs to its end.</remarks>
    public static Future<T> ToThread<T>(Func<T> func) => GetRunningLoop().RunInExecutorAsync(null, func);

    /// <summary>Runs blocking <paramref name="action"/> on the default executor and waits for it.</summary>
    public static Future<object?> ToThread(Action action) => GetRunningLoop().RunInExecutorAsync(null, action);

    /// <summary>
    /// Submits <paramref name="coroutine"/> to <paramref name="loop"/> from another thread (asyncio's
    /// <c>run_coroutine_threadsafe()</c>) and returns a .NET task for its result. Cancelling
    /// <paramref name="cancellationToken"/> cancels the Aio task.
    /// </summary>
    public static Task<T> RunCoroutineThreadsafe<T>(Coroutine<T> coroutine, EventLoop loop, CancellationToken cancellationToken = default)
    {
        return SubmitThreadsafe(loop, l => l.CreateTask(coroutine), static t => ((AioTask<T>)t).Result, cancellationToken);
    }

    /// <summary>Submits <paramref name="coroutine"/> to <paramref name="loop"/> from another thread; see <see cref="RunCoroutineThreadsafe{T}"/>.</summary>
    public static Task RunCoroutineThreadsafe(Coroutine coroutine, EventLoop loop, CancellationToken cancellationToken = default)
    {
        return SubmitThreadsafe<object?>(loop, l => l.CreateTask(coroutine), static _ => null, cancellationToken);
    }

    private static Task<T> SubmitThreadsafe<T>(EventLoop loop, Func<EventLoop, AioTask> start, Func<AioTask, T> result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.CallSoonThreadsafe(() =>
        {
            AioTask task;
            try
            {
                task = start(loop);
            }
            catch (Exception e)
            {
                completion.TrySetException(e);
                throw;
            }

            if (cancellationToken.CanBeCanceled)
            {
                CancellationTokenRegistration registration = cancellationToken.UnsafeRegister(
                    static state => ((AioTask)state!).Loop.PostThreadsafe((Action)(() => ((AioTask)state).Cancel()), null, null),
                    task);
                task.AddCallbackEntry((Action<Future>)(_ => registration.Dispose()), null);
            }

            task.AddCallbackEntry(
                (Action<Future>)(f =>
                {
                    if (f.IsCancelled)
                    {
                        completion.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : default);
                    }
                    else if (f.Exception is { } error)
                    {
                        completion.TrySetException(error);
                    }
                    else
                    {
                        completion.TrySetResult(result(task));
                    }
                }),
                null);
        });
        return completion.Task;
    }
}
