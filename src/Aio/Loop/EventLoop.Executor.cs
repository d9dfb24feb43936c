namespace Aio;

public sealed partial class EventLoop
{
    private Executor? _defaultExecutor;
    private bool _executorShutdownCalled;
    private int _foreignWork;
    private int _foreignWorkBusy;
    private int _foreignWorkWaitingOnLoop;

    private List<Task>? _wrappedTasks;

    /// <summary>
    /// Tasks suspended on awaits the loop does not own (a .NET <see cref="Task"/>, whose continuation
    /// comes back through the task's <see cref="SynchronizationContext"/>); loop thread only. A
    /// virtual clock gives each new batch of them <c>ForeignWorkGrace</c> before jumping.
    /// </summary>
    internal int ForeignParked { get; set; }

    /// <summary>Changes whenever a task parks on a foreign await, so a clock can tell a new batch from an old one.</summary>
    internal int ForeignParkEpoch { get; set; }

    /// <summary>The executor work this thread is running, to notice when it calls back into its loop.</summary>
    [ThreadStatic]
    private static ExecutorWork? t_runningWork;

    /// <summary>Work handed to other threads whose result has not come back to the loop yet.</summary>
    /// <remarks>A virtual clock does not jump ahead while this is non-zero: the result is about to arrive.</remarks>
    internal int ForeignWork => Volatile.Read(ref _foreignWork);

    /// <summary>Counts work the loop waits for on other threads (a TLS handshake's thread-pool part), so virtual time holds still.</summary>
    internal void AddForeignWork(int delta) => Interlocked.Add(ref _foreignWork, delta);

    /// <summary>
    /// Foreign work that is certain not to be waiting for loop time to pass: executor work queued or
    /// running that has not called back into its loop, a TLS handshake computing between two reads. A
    /// virtual clock waits for it however long a busy thread pool or a slow call takes, where other
    /// foreign work only gets a grace period.
    /// </summary>
    internal int ForeignWorkBusy => Volatile.Read(ref _foreignWorkBusy);

    /// <summary>
    /// Whether busy foreign work is in flight (<see cref="ForeignWorkBusy"/>), or a wrapped .NET task is
    /// still queued on its scheduler: queued work cannot be waiting for loop time. Loop thread only.
    /// </summary>
    internal bool HasBusyForeignWork
    {
        get
        {
            if (ForeignWorkBusy > 0)
            {
                return true;
            }

            if (_wrappedTasks is not null)
            {
                foreach (Task task in _wrappedTasks)
                {
                    if (task.Status == TaskStatus.WaitingToRun)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>Counts a wrapped .NET task as foreign work until its outcome is back (loop thread).</summary>
    internal void TrackWrappedTask(Task task)
    {
        AddForeignWork(1);
        (_wrappedTasks ??= []).Add(task);
    }

    /// <summary>The wrapped task's outcome reached the loop (loop thread).</summary>
    internal void UntrackWrappedTask(Task task)
    {
        AddForeignWork(-1);
        _wrappedTasks?.Remove(task);
    }

    /// <summary>
    /// Running executor work that called back into its loop (<see cref="CallSoonThreadsafe(Action)"/>,
    /// <see cref="Asyncio.RunCoroutineThreadsafe{T}(Coroutine{T}, EventLoop, CancellationToken)"/>):
    /// it may be waiting for loop time, so a virtual clock must not hold still for busy work meanwhile.
    /// </summary>
    internal int ForeignWorkWaitingOnLoop => Volatile.Read(ref _foreignWorkWaitingOnLoop);

    /// <summary>Counts foreign work that is certain not to wait for loop time (see <see cref="ForeignWorkBusy"/>).</summary>
    internal void AddForeignWorkBusy(int delta) => Interlocked.Add(ref _foreignWorkBusy, delta);

    /// <summary>
    /// Runs <paramref name="func"/> on <paramref name="executor"/> (the default thread-pool executor if
    /// null) and returns a future of this loop for its result (asyncio's <c>run_in_executor</c>).
    /// Cancelling the future before the work starts keeps it from running.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed or its default executor was shut down.</exception>
    public Future<T> RunInExecutor<T>(Executor? executor, Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        CheckClosed();
        executor ??= DefaultExecutor();
        var future = CreateFuture<T>();
        var work = new ExecutorWork<T>(this, future, func);
        future.AddCallbackEntry((Action<Future>)work.OnFutureDone, null);
        Interlocked.Increment(ref _foreignWork);
        Interlocked.Increment(ref _foreignWorkBusy);
        try
        {
            executor.Submit(work.Run);
        }
        catch
        {
            Interlocked.Decrement(ref _foreignWorkBusy);
            Interlocked.Decrement(ref _foreignWork);
            throw;
        }

        return future;
    }

    /// <summary>Runs <paramref name="action"/> on <paramref name="executor"/>; the future completes with null.</summary>
    public Future<object?> RunInExecutor(Executor? executor, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return RunInExecutor<object?>(executor, () =>
        {
            action();
            return null;
        });
    }

    /// <summary>Replaces the default executor (asyncio's <c>set_default_executor</c>).</summary>
    public void SetDefaultExecutor(Executor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _defaultExecutor = executor;
    }

    /// <summary>
    /// Shuts the default executor down and waits, off the loop, for its work to finish (asyncio's
    /// <c>shutdown_default_executor</c>). Later <see cref="RunInExecutor{T}"/> calls without an executor fail.
    /// </summary>
    public async Coroutine ShutdownDefaultExecutor()
    {
        _executorShutdownCalled = true;
        if (_defaultExecutor is not { } executor)
        {
            return;
        }

        var done = CreateFuture<object?>();
        var thread = new Thread(() =>
        {
            try
            {
                executor.Shutdown(wait: true);
            }
            finally
            {
                PostThreadsafe((Action)(() => done.TrySetResult(null)), null, null);
            }
        })
        {
            IsBackground = true,
            Name = "aio-executor-shutdown",
        };
        Interlocked.Increment(ref _foreignWork);
        thread.Start();
        try
        {
            await done;
        }
        finally
        {
            Interlocked.Decrement(ref _foreignWork);
            thread.Join();
        }
    }

    private Executor DefaultExecutor()
    {
        if (_executorShutdownCalled)
        {
            throw new InvalidOperationException("Executor shutdown has been called");
        }

        return _defaultExecutor ??= new ThreadPoolExecutor();
    }

    private void ShutdownExecutorOnClose()
    {
        _executorShutdownCalled = true;
        _defaultExecutor?.Shutdown(wait: false);
        _defaultExecutor = null;
    }

    /// <summary>
    /// Called on every thread-safe post: executor work of this loop that calls back into it may now be
    /// waiting for loop time, so it stops counting as busy (see <see cref="ForeignWorkBusy"/>).
    /// </summary>
    private void NoteCallFromExecutorWork()
    {
        if (t_runningWork is { WaitingOnLoop: false } work && work.Loop == this)
        {
            work.WaitingOnLoop = true;
            Interlocked.Increment(ref _foreignWorkWaitingOnLoop);
            Interlocked.Decrement(ref _foreignWorkBusy);
        }
    }

    /// <summary>What the virtual clock needs to know of a piece of executor work.</summary>
    private abstract class ExecutorWork(EventLoop loop)
    {
        public EventLoop Loop { get; } = loop;

        /// <summary>Whether the work called back into its loop (then it no longer counts as busy).</summary>
        public bool WaitingOnLoop { get; set; }

        /// <summary>Ends the work's share of the busy or waiting count, after its outcome was posted.</summary>
        protected void Finished()
        {
            if (WaitingOnLoop)
            {
                Interlocked.Decrement(ref Loop._foreignWorkWaitingOnLoop);
            }
            else
            {
                Interlocked.Decrement(ref Loop._foreignWorkBusy);
            }
        }
    }

    /// <summary>One call handed to an executor; its outcome is posted back to the loop.</summary>
    private sealed class ExecutorWork<T>(EventLoop loop, Future<T> future, Func<T> func) : ExecutorWork(loop)
    {
        private volatile bool _cancelled;

        /// <summary>asyncio (wrap_future): cancelling the future cancels the work if it has not started.</summary>
        public void OnFutureDone(Future f) => _cancelled |= f.IsCancelled;

        public void Run()
        {
            T result = default!;
            Exception? error = null;
            if (!_cancelled)
            {
                t_runningWork = this;
                try
                {
                    result = func();
                }
                catch (Exception e)
                {
                    error = e;
                }
                finally
                {
                    t_runningWork = null;
                }
            }

            Loop.PostThreadsafe(
                (Action)(() =>
                {
                    Interlocked.Decrement(ref Loop._foreignWork);
                    if (future.IsDone)
                    {
                        return;
                    }

                    if (error is null)
                    {
                        future.SetResult(result);
                    }
                    else
                    {
                        future.SetException(error);
                    }
                }),
                null,
                null);

            // Only now: until the outcome is queued, time must stand still for it.
            Finished();
        }
    }
}
