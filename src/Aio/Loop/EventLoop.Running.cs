namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Runs the loop on the calling thread until <see cref="Stop"/> is called (asyncio's <c>run_forever</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The loop is closed, already running, or another loop is running on this thread.
    /// </exception>
    public void RunForever()
    {
        CheckClosed();
        CheckNotRunning();
        SynchronizationContext? previousContext = System.Threading.SynchronizationContext.Current;
        _baseExecutionContext = ExecutionContext.Capture();
        Volatile.Write(ref _threadId, Environment.CurrentManagedThreadId);
        t_running = this;
        Interlocked.Increment(ref s_runningCount);
        System.Threading.SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            while (true)
            {
                RunOnce();
                if (_stopping)
                {
                    break;
                }
            }
        }
        finally
        {
            _stopping = false;
            t_running = null;
            Interlocked.Decrement(ref s_runningCount);
            Volatile.Write(ref _threadId, 0);
            System.Threading.SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    /// <summary>
    /// Runs the loop until <paramref name="future"/> is done and returns its result
    /// (asyncio's <c>run_until_complete</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The loop stopped before the future completed, is closed or already running, or the future belongs to another loop.
    /// </exception>
    public T RunUntilComplete<T>(Future<T> future)
    {
        RunUntilCompleteCore(future, newTask: false);
        return future.Result;
    }

    /// <summary>Runs the loop until <paramref name="task"/> is done and returns its result.</summary>
    public T RunUntilComplete<T>(AioTask<T> task)
    {
        RunUntilCompleteCore(task, newTask: false);
        return task.Result;
    }

    /// <summary>Runs the loop until <paramref name="future"/> is done; rethrows its exception if it failed.</summary>
    public void RunUntilComplete(Future future)
    {
        RunUntilCompleteCore(future, newTask: false);
        future.ThrowIfFailed();
    }

    /// <summary>Wraps <paramref name="coroutine"/> in a task, runs the loop until it is done and returns its result.</summary>
    public T RunUntilComplete<T>(Coroutine<T> coroutine)
    {
        CheckClosed();
        CheckNotRunning();
        AioTask<T> task = CreateTask(coroutine);
        RunUntilCompleteCore(task, newTask: true);
        return task.Result;
    }

    /// <summary>Wraps <paramref name="coroutine"/> in a task and runs the loop until it is done.</summary>
    public void RunUntilComplete(Coroutine coroutine)
    {
        CheckClosed();
        CheckNotRunning();
        AioTask task = CreateTask(coroutine);
        RunUntilCompleteCore(task, newTask: true);
        task.ThrowIfFailed();
    }

    /// <summary>Runs <paramref name="body"/> as a task on this loop until it is done and returns its result.</summary>
    public T RunUntilComplete<T>(Func<Task<T>> body)
    {
        CheckClosed();
        CheckNotRunning();
        AioTask<T> task = CreateTask(body);
        RunUntilCompleteCore(task, newTask: true);
        return task.Result;
    }

    /// <summary>Runs <paramref name="body"/> as a task on this loop until it is done.</summary>
    public void RunUntilComplete(Func<Task> body)
    {
        CheckClosed();
        CheckNotRunning();
        AioTask task = CreateTask(body);
        RunUntilCompleteCore(task, newTask: true);
        task.ThrowIfFailed();
    }

    /// <summary>
    /// Stops the loop after the callbacks of the current iteration have run (asyncio's <c>stop</c>).
    /// Callbacks they schedule run when the loop is next started.
    /// </summary>
    public void Stop() => _stopping = true;

    /// <summary>
    /// Closes the loop (asyncio's <c>close</c>): drops pending callbacks and timers and shuts down the
    /// default executor without waiting. Closing twice does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is running.</exception>
    public void Close()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Cannot close a running event loop");
        }

        if (IsClosed)
        {
            return;
        }

        ReportUnretrievedOnClose();
        ReportUnclosedResources();
        IsClosed = true;
        UseTrackClock(false);
        _ready.Clear();
        _timers.Clear();
        lock (_threadsafeLock)
        {
            _threadsafe.Clear();
            _threadsafePending = false;
        }

        ShutdownExecutorOnClose();
        Reactor.Dispose();
    }

    private void RunUntilCompleteCore(Future future, bool newTask)
    {
        CheckClosed();
        CheckNotRunning();
        ArgumentNullException.ThrowIfNull(future);
        if (future.Loop != this)
        {
            throw new InvalidOperationException("The future belongs to a different loop than the one it is run on");
        }

        future.AddCallbackEntry(s_stopOnDone, null);
        try
        {
            RunForever();
        }
        catch
        {
            if (newTask && future.IsDone && !future.IsCancelled)
            {
                future.MarkExceptionRetrieved();
            }

            throw;
        }
        finally
        {
            future.RemoveCallbackEntry(s_stopOnDone);
        }

        if (!future.IsDone)
        {
            throw new InvalidOperationException("Event loop stopped before Future completed.");
        }
    }

    private static readonly Action<Future> s_stopOnDone = static f => f.Loop.Stop();

    internal void CheckClosed()
    {
        if (IsClosed)
        {
            throw new InvalidOperationException("Event loop is closed");
        }
    }

    /// <summary>In debug mode, rejects calls of non-thread-safe members from other threads.</summary>
    internal void CheckThread()
    {
        if (Debug)
        {
            int owner = Volatile.Read(ref _threadId);
            if (owner != 0 && owner != Environment.CurrentManagedThreadId)
            {
                throw new InvalidOperationException("Non-thread-safe operation invoked on an event loop other than the current one");
            }
        }
    }

    internal bool IsOnLoopThread => Environment.CurrentManagedThreadId == Volatile.Read(ref _threadId);

    private void CheckNotRunning()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("This event loop is already running");
        }

        if (t_running is not null)
        {
            throw new InvalidOperationException("Cannot run the event loop while another loop is running");
        }
    }
}
