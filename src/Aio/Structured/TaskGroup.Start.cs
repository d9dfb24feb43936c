namespace Aio;

public sealed partial class TaskGroup
{
    /// <summary>
    /// Starts <paramref name="body"/> as a task of the group and returns once it calls
    /// <see cref="StartStatus{T}.Started"/>, with the value it passed (trio's <c>nursery.start</c>).
    /// Until then the task is not yet the group's: if it fails first, its exception is raised here
    /// (and the group is not disturbed); if it returns without calling <c>Started</c>,
    /// <see cref="InvalidOperationException"/> is. Cancelling the awaiting task cancels the starting one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The group has finished or is shutting down, or the task never reported being started.</exception>
    public Coroutine<T> StartAsync<T>(Func<StartStatus<T>, Coroutine> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Admit(body);
        return StartCore(body, name);
    }

    /// <summary>Starts a task that reports readiness without a value; see <see cref="StartAsync{T}(Func{StartStatus{T}, Coroutine}, string?)"/>.</summary>
    public Coroutine StartAsync(Func<StartStatus, Coroutine> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Admit(body);
        return StartVoid(body, name);
    }

    private async Coroutine StartVoid(Func<StartStatus, Coroutine> body, string? name) =>
        await StartCore<bool>(status => body(new StartStatus(status)), name);

    private async Coroutine<T> StartCore<T>(Func<StartStatus<T>, Coroutine> body, string? name)
    {
        Future<T> started = _loop.CreateFuture<T>();
        var status = new StartStatus<T>(this, started);
        AioTask task = _loop.CreateTask(body(status), name);
        status.Task = task;
        _scope.Adopt(task);
        Action<Future> onEarlyDone = f => OnDoneBeforeStarted((AioTask)f, started);
        task.AddCallbackEntry(onEarlyDone, null);
        try
        {
            return await started;
        }
        catch (CancelledError) when (!status.IsStarted)
        {
            // The starter is cancelled: so is the task it was starting; wait for it to clean up.
            task.RemoveCallbackEntry(onEarlyDone);
            if (!task.IsDone)
            {
                Future<bool> finished = _loop.CreateFuture<bool>();
                task.AddCallbackEntry((Action<Future>)(_ => finished.TrySetResult(true)), null);
                task.Cancel();
                CancelScope shield = new(shield: true);
                await shield.RunAsync(async _ => await finished);
            }

            _scope.Release(task);
            if (!task.IsCancelled && task.Exception is { } error)
            {
                _loop.CallExceptionHandler(new ExceptionContext("A task being started failed after its starter was cancelled")
                {
                    Exception = error,
                    Task = task,
                });
            }

            throw;
        }
        finally
        {
            if (status.IsStarted)
            {
                task.RemoveCallbackEntry(onEarlyDone);
            }
        }
    }

    /// <summary>The task called <c>Started</c>: it becomes an ordinary task of the group.</summary>
    internal void OnStarted<T>(StartStatus<T> status)
    {
        AioTask task = status.Task!;
        if (_exiting && _tasks.Count == 0 && !_aborting)
        {
            // The group finished while the task was starting: nothing would wait for it.
            task.Cancel();
        }

        task.AddCallbackEntry(_onTaskDone, null);
        _tasks.Add(task);
    }

    private void OnDoneBeforeStarted<T>(AioTask task, Future<T> started)
    {
        if (started.IsDone)
        {
            return;
        }

        _scope.Release(task);
        if (task.IsCancelled)
        {
            started.Cancel();
        }
        else if (task.Exception is { } error)
        {
            started.SetException(error);
        }
        else
        {
            started.SetException(new InvalidOperationException($"{task} returned without calling StartStatus.Started()"));
        }
    }
}
