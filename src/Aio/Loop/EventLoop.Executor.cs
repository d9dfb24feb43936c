namespace Aio;

public sealed partial class EventLoop
{
    private Executor? _defaultExecutor;
    private bool _executorShutdownCalled;

    /// <summary>
    /// Runs <paramref name="func"/> on <paramref name="executor"/> (the default thread-pool executor if
    /// null) and returns a future of this loop for its result (asyncio's <c>run_in_executor</c>).
    /// Cancelling the future before the work starts keeps it from running.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed or its default executor was shut down.</exception>
    public Future<T> RunInExecutorAsync<T>(Executor? executor, Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        CheckClosed();
        executor ??= DefaultExecutor();
        var future = CreateFuture<T>();
        var work = new ExecutorWork<T>(this, future, func);
        future.AddCallbackEntry((Action<Future>)work.OnFutureDone, null);
        work.Call = ForeignWork?.ExecutorCallSubmitted();
        try
        {
            executor.Submit(work.Run);
        }
        catch
        {
            work.Call?.Refused();
            throw;
        }

        return future;
    }

    /// <summary>Runs <paramref name="action"/> on <paramref name="executor"/>; the future completes with null.</summary>
    public Future<object?> RunInExecutorAsync(Executor? executor, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return RunInExecutorAsync<object?>(executor, () =>
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
    /// <c>shutdown_default_executor</c>). Later <see cref="RunInExecutorAsync{T}"/> calls without an executor fail.
    /// </summary>
    public async Coroutine ShutdownDefaultExecutorAsync()
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
        ForeignWork?.Add(1);
        thread.Start();
        try
        {
            await done;
        }
        finally
        {
            ForeignWork?.Add(-1);
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

    /// <summary>One call handed to an executor; its outcome is posted back to the loop.</summary>
    private sealed class ExecutorWork<T>(EventLoop loop, Future<T> future, Func<T> func)
    {
        private volatile bool _cancelled;

        /// <summary>This call's share of the loop's foreign-work counts, when its clock keeps them.</summary>
        public ForeignWork.ExecutorCall? Call { get; set; }

        /// <summary>asyncio (wrap_future): cancelling the future cancels the work if it has not started.</summary>
        public void OnFutureDone(Future f) => _cancelled |= f.IsCancelled;

        public void Run()
        {
            T result = default!;
            Exception? error = null;
            if (!_cancelled)
            {
                Call?.Started();
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
                    Call?.Stopped();
                }
            }

            loop.PostThreadsafe(
                (Action)(() =>
                {
                    Call?.OutcomeArrived();
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
            Call?.Finished();
        }
    }
}
