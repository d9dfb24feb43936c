namespace Aio;

/// <summary>
/// Runs blocking work off the loop thread (Python's <c>concurrent.futures.Executor</c>), for
/// <see cref="EventLoop.RunInExecutorAsync{T}(Executor?, Func{T})"/> and <see cref="Asyncio.ToThread{T}(Func{T})"/>.
/// </summary>
public abstract class Executor : IDisposable
{
    /// <summary>Runs <paramref name="work"/> on another thread.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down.</exception>
    public abstract void Submit(Action work);

    /// <summary>Refuses new work; with <paramref name="wait"/>, blocks until the work already submitted has finished.</summary>
    public abstract void Shutdown(bool wait = true);

    /// <summary>Shuts down and waits, as <c>with executor:</c> does.</summary>
    public void Dispose()
    {
        Shutdown(wait: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The default executor: work runs on the .NET thread pool (async-local state flows to it, as
/// <c>contextvars</c> do with <c>asyncio.to_thread</c>); shutting down waits for work in flight.
/// </summary>
public sealed class ThreadPoolExecutor : Executor
{
    private readonly object _gate = new();
    private int _inFlight;
    private bool _shutdown;

    /// <summary>Work submitted and not finished yet.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <inheritdoc />
    public override void Submit(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            if (_shutdown)
            {
                throw new InvalidOperationException("cannot schedule new futures after shutdown");
            }

            _inFlight++;
        }

        ThreadPool.QueueUserWorkItem(
            static state =>
            {
                var (executor, action) = state;
                try
                {
                    action();
                }
                finally
                {
                    executor.Finished();
                }
            },
            (this, work),
            preferLocal: false);
    }

    /// <inheritdoc />
    public override void Shutdown(bool wait = true)
    {
        lock (_gate)
        {
            _shutdown = true;
            while (wait && _inFlight > 0)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    private void Finished()
    {
        lock (_gate)
        {
            if (--_inFlight == 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }
}
