namespace Aio;

public abstract partial class Future
{
    // The first callback lives inline: most futures have exactly one waiter, and it costs no list.
    private object? _callback0;
    private AioTask? _callbackTask0;
    private List<(object Callback, AioTask? Task)>? _callbacks;

    /// <summary>
    /// Adds a callback to run when the future is done (asyncio's <c>add_done_callback</c>). It is
    /// always scheduled with <see cref="EventLoop.CallSoon(Action)"/>, even if the future is done already.
    /// </summary>
    public void AddDoneCallback(Action<Future> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddCallbackEntry(new DoneCallback<Future>(callback), null);
    }

    /// <summary>Removes every registration of <paramref name="callback"/> (asyncio's <c>remove_done_callback</c>).</summary>
    /// <returns>How many were removed.</returns>
    public int RemoveDoneCallback(Action<Future> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return RemoveCallbackEntry(new DoneCallback<Future>(callback));
    }

    /// <summary>Number of registered callbacks and waiters (for introspection).</summary>
    internal int CallbackCount => (_callback0 is null ? 0 : 1) + (_callbacks?.Count ?? 0);

    /// <summary>
    /// Registers a callback: an <see cref="Action{Future}"/>, or a continuation (<see cref="Action"/> or
    /// <see cref="IRunnable"/>) of <paramref name="task"/>, which then runs as that task's step.
    /// </summary>
    internal void AddCallbackEntry(object callback, AioTask? task)
    {
        if (IsDone)
        {
            // asyncio's call_soon: a closed loop refuses it, rather than queueing a callback that never runs.
            Loop.CheckClosed();
            Loop.Enqueue(callback, this, task);
            return;
        }

        if (_callback0 is null && (_callbacks is null || _callbacks.Count == 0))
        {
            _callback0 = callback;
            _callbackTask0 = task;
            return;
        }

        (_callbacks ??= new List<(object, AioTask?)>(2)).Add((callback, task));
    }

    internal int RemoveCallbackEntry(object callback)
    {
        int removed = 0;
        if (_callbacks is not null)
        {
            removed = _callbacks.RemoveAll(e => Equals(e.Callback, callback));
        }

        if (_callback0 is not null && Equals(_callback0, callback))
        {
            removed++;
            _callback0 = null;
            _callbackTask0 = null;
            if (_callbacks is { Count: > 0 })
            {
                (_callback0, _callbackTask0) = _callbacks[0];
                _callbacks.RemoveAt(0);
            }
        }

        return removed;
    }

    /// <summary>Sets the one continuation of a coroutine awaited inline; it runs synchronously when the coroutine ends.</summary>
    private protected void SetInlineContinuation(object continuation) => _callback0 = continuation;

    /// <summary>Takes the continuation set by <see cref="SetInlineContinuation"/>.</summary>
    private protected object? TakeInlineContinuation()
    {
        object? continuation = _callback0;
        _callback0 = null;
        return continuation;
    }

    /// <summary>
    /// Suspends the awaiting code until the future is done. The continuation runs as a step of the
    /// task that awaited (found from the loop), and that task records it is waiting on this future.
    /// </summary>
    internal void RegisterContinuation(object continuation)
    {
        EventLoop? running = EventLoop.Running;
        if (running == Loop)
        {
            AioTask? task = running.CurrentTask;
            if (ReferenceEquals(task, this))
            {
                task.FailNextResume(new InvalidOperationException($"Task cannot await on itself: {task}"));
                running.Enqueue(continuation, null, task);
                return;
            }

            AddCallbackEntry(continuation, task);
            task?.SuspendOn(this);
            return;
        }

        if (running?.CurrentTask is { } other)
        {
            // asyncio: "Task got Future attached to a different loop", raised at the await.
            other.FailNextResume(new InvalidOperationException($"Task {other} got Future {this} attached to a different loop"));
            running.Enqueue(continuation, null, other);
            return;
        }

        AwaitFromOutside(continuation);
    }

    /// <summary>Called by awaiters when the awaiting code resumes: delivers a pending cancellation.</summary>
    internal void OnAwaitResumed() => EventLoop.Running?.CurrentTask?.ResumeFrom(this);

    /// <summary>
    /// Lets code that is not on the loop (a thread-pool continuation, a test) await the future: the
    /// registration is marshalled to the loop, and the continuation runs on the awaiter's context.
    /// </summary>
    private void AwaitFromOutside(object continuation)
    {
        SynchronizationContext? context = SynchronizationContext.Current;
        void Resume(Future f)
        {
            if (context is not null and not LoopSynchronizationContext)
            {
                context.Post(static k => Invoke(k!), continuation);
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(static k => Invoke(k), continuation, preferLocal: false);
            }
        }

        Loop.PostThreadsafe((Action)(() => AddCallbackEntry((Action<Future>)Resume, null)), null, null);
    }

    private static void Invoke(object continuation)
    {
        if (continuation is Action action)
        {
            action();
        }
        else
        {
            ((IRunnable)continuation).Run(null);
        }
    }

    private void ScheduleCallbacks()
    {
        if (_callback0 is not null)
        {
            Loop.Enqueue(_callback0, this, _callbackTask0);
            _callback0 = null;
            _callbackTask0 = null;
        }

        if (_callbacks is not null)
        {
            foreach ((object callback, AioTask? task) in _callbacks)
            {
                Loop.Enqueue(callback, this, task);
            }

            _callbacks = null;
        }
    }
}
