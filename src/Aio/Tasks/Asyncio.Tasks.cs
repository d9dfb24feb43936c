namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Schedules <paramref name="coroutine"/> as a task on the running loop (asyncio's <c>create_task()</c>).
    /// Its first step runs on the next loop iteration. Keep a reference if you need its result.
    /// </summary>
    /// <exception cref="InvalidOperationException">No loop is running, or the coroutine was already awaited.</exception>
    public static AioTask CreateTask(Coroutine coroutine, string? name = null) => GetRunningLoop().CreateTask(coroutine, name);

    /// <summary>Schedules <paramref name="coroutine"/> as a task that produces its result.</summary>
    public static AioTask<T> CreateTask<T>(Coroutine<T> coroutine, string? name = null) => GetRunningLoop().CreateTask(coroutine, name);

    /// <summary>
    /// Schedules an awaitable operation as a task of its own, for example <c>Asyncio.CreateTask(queue.GetAsync())</c>
    /// or <c>Asyncio.CreateTask(lock.AcquireAsync())</c>: the operation starts in the task's first step.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="awaitable"/> is a future or task (already scheduled), as asyncio refuses it.</exception>
    public static AioTask CreateTask(IAioAwaitable awaitable, string? name = null) => GetRunningLoop().CreateTask(awaitable, name);

    /// <summary>Schedules an awaitable operation as a task that produces its result; see <see cref="CreateTask(IAioAwaitable, string?)"/>.</summary>
    public static AioTask<T> CreateTask<T>(IAioAwaitable<T> awaitable, string? name = null) => GetRunningLoop().CreateTask(awaitable, name);

    /// <summary>
    /// Schedules a <see cref="Task"/>-returning delegate as a task on the running loop; the delegate is
    /// invoked on the next iteration. This is how plain <c>async Task</c> methods become Aio tasks.
    /// </summary>
    public static AioTask CreateTask(Func<Task> body, string? name = null) => GetRunningLoop().CreateTask(body, name);

    /// <summary>Schedules a <see cref="Task{T}"/>-returning delegate as a task that produces its result.</summary>
    public static AioTask<T> CreateTask<T>(Func<Task<T>> body, string? name = null) => GetRunningLoop().CreateTask(body, name);

    /// <summary>
    /// asyncio 3.12's <c>eager_task_factory</c>: with <c>loop.SetTaskFactory(Asyncio.EagerTaskFactory)</c>
    /// every new task runs its first step inside <c>CreateTask</c>, so a coroutine that finishes without
    /// suspending (a cache hit) costs no loop iteration.
    /// </summary>
    public static AioTaskFactory EagerTaskFactory { get; } = static (loop, coroutine, name) => loop.NewTask(coroutine, name, eagerStart: true);

    /// <summary>The task running the caller (asyncio's <c>current_task()</c>), or null outside any task.</summary>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static AioTask? CurrentTask() => GetRunningLoop().CurrentTask;

    /// <summary>The running loop's tasks that are not done yet (asyncio's <c>all_tasks()</c>).</summary>
    public static IReadOnlyList<AioTask> AllTasks() => GetRunningLoop().AllTasks();

    /// <summary>
    /// A future for <paramref name="awaitable"/> (asyncio's <c>ensure_future()</c>): a future or task
    /// itself, anything else wrapped in a task on the running loop.
    /// </summary>
    public static Future EnsureFuture(IAioAwaitable awaitable) => Awaitables.FutureOf(awaitable, nameof(awaitable));

    /// <summary>Wraps <paramref name="coroutine"/> in a task on the running loop (asyncio's <c>ensure_future()</c>).</summary>
    public static AioTask EnsureFuture(Coroutine coroutine) => CreateTask(coroutine);

    /// <summary>Wraps <paramref name="coroutine"/> in a task that produces its result.</summary>
    public static AioTask<T> EnsureFuture<T>(Coroutine<T> coroutine) => CreateTask(coroutine);

    /// <summary>
    /// Wraps a running .NET <see cref="Task{T}"/> in a future of the running loop (asyncio's
    /// <c>wrap_future()</c>): the future completes on the loop when the task does. Awaiting it is an Aio
    /// await, so cancelling the awaiting task (directly, or through <c>Timeout</c>/<c>WaitFor</c>) resumes it
    /// with <see cref="CancelledError"/> at once and abandons the .NET task: it runs on, and if it later
    /// fails, the failure goes to the loop's exception handler, so nothing goes unreported. To stop the
    /// .NET work itself, give it the awaiting task's <see cref="AioTask.CancellationToken"/>.
    /// </summary>
    public static Future<T> WrapFuture<T>(Task<T> task) => Wrap(task, static t => ((Task<T>)t).Result);

    /// <summary>Wraps a running .NET <see cref="Task"/> in a future of the running loop. See <see cref="WrapFuture{T}(Task{T})"/>.</summary>
    public static Future<object?> WrapFuture(Task task) => Wrap<object?>(task, static _ => null);

    private static Future<T> Wrap<T>(Task task, Func<Task, T> result)
    {
        ArgumentNullException.ThrowIfNull(task);
        EventLoop loop = GetRunningLoop();
        var future = loop.CreateFuture<T>();

        // Foreign work until the outcome is back, or until the wrapper is abandoned by a cancelled await
        // (then nothing waits for it, so neither does a virtual clock): a virtual clock waits for it while
        // it is queued, then gives it a grace period.
        // (Counted only when the loop's clock keeps foreign-work counts.)
        ForeignWork? foreign = loop.ForeignWork;
        foreign?.TrackWrappedTask(task);
        bool tracked = foreign is not null;
        void Untrack()
        {
            if (tracked)
            {
                tracked = false;
                foreign!.UntrackWrappedTask(task);
            }
        }

        if (tracked)
        {
            future.AddCallbackEntry((Action<Future>)(_ => Untrack()), null);
        }

        task.ContinueWith(
            (t, _) => loop.PostThreadsafe(
                (Action)(() =>
                {
                    Untrack();
                    CopyOutcome(t, future, result);
                }),
                null,
                null),
            null,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return future;
    }

    private static void CopyOutcome<T>(Task task, Future<T> future, Func<Task, T> result)
    {
        if (future.IsDone)
        {
            // Abandoned (the wrapper was cancelled): a later failure must still be seen.
            if (task.IsFaulted && !future.Loop.IsClosed)
            {
                AggregateException all = task.Exception!;
                future.Loop.CallExceptionHandler(new ExceptionContext("A .NET task abandoned by a cancelled await failed afterwards")
                {
                    Exception = all.InnerExceptions.Count == 1 ? all.InnerExceptions[0] : all,
                    Future = future,
                });
            }

            return;
        }

        if (task.IsCanceled)
        {
            future.Cancel();
        }
        else if (task.IsFaulted)
        {
            AggregateException all = task.Exception!;
            future.SetException(all.InnerExceptions.Count == 1 ? all.InnerExceptions[0] : all);
        }
        else
        {
            future.SetResult(result(task));
        }
    }
}
