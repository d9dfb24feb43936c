namespace Aio;

/// <summary>
/// Runs several top-level coroutines on one loop and cleans up once (asyncio's <c>Runner</c>).
/// <see cref="Asyncio.Run(Coroutine, bool, Func{EventLoop}?)"/> is one <see cref="Run(Coroutine)"/> on a fresh runner.
/// </summary>
/// <remarks>
/// On close, tasks still pending are cancelled and awaited (their <c>finally</c> blocks run), failures
/// among them go to the exception handler, the default executor is shut down, and the loop is closed.
/// While a run is in progress on the main thread, Ctrl+C cancels the main task, and a main task that
/// ends cancelled then makes <c>Run</c> raise <see cref="KeyboardInterrupt"/> (asyncio's SIGINT handling).
/// </remarks>
public sealed class Runner : IDisposable
{
    private readonly bool _debug;
    private readonly Func<EventLoop>? _loopFactory;
    private EventLoop? _loop;
    private bool _setEventLoop;
    private bool _closed;

    /// <summary>Creates a runner; the loop is made on first use.</summary>
    /// <param name="debug">Runs the loop in debug mode.</param>
    /// <param name="loopFactory">Makes the loop; by default the policy's <see cref="EventLoopPolicy.NewEventLoop"/>, set as current.</param>
    public Runner(bool debug = false, Func<EventLoop>? loopFactory = null)
    {
        _debug = debug;
        _loopFactory = loopFactory;
    }

    /// <summary>The runner's loop, created if needed (asyncio's <c>get_loop()</c>).</summary>
    /// <exception cref="InvalidOperationException">The runner is closed.</exception>
    public EventLoop GetLoop() => LazyInit();

    /// <summary>Runs <paramref name="coroutine"/> as a task until it is done.</summary>
    /// <exception cref="InvalidOperationException">Called from code running on a loop, or after <see cref="Dispose"/>.</exception>
    public void Run(Coroutine coroutine)
    {
        RunTask(loop => loop.CreateTask(coroutine)).ThrowIfFailed();
    }

    /// <summary>Runs <paramref name="coroutine"/> as a task until it is done and returns its result.</summary>
    public T Run<T>(Coroutine<T> coroutine)
    {
        return ((AioTask<T>)RunTask(loop => loop.CreateTask(coroutine))).Result;
    }

    /// <summary>Runs a <see cref="Task"/>-returning delegate as a task until it is done.</summary>
    public void Run(Func<Task> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        RunTask(loop => loop.CreateTask(main)).ThrowIfFailed();
    }

    /// <summary>Runs a <see cref="Task{T}"/>-returning delegate as a task until it is done and returns its result.</summary>
    public T Run<T>(Func<Task<T>> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        return ((AioTask<T>)RunTask(loop => loop.CreateTask(main))).Result;
    }

    /// <summary>Cancels what is left, shuts down the default executor and closes the loop (asyncio's <c>close()</c>).</summary>
    public void Dispose()
    {
        if (_loop is not { } loop || _closed)
        {
            _closed = true;
            return;
        }

        try
        {
            CancelAllTasks(loop);
            loop.RunUntilComplete(loop.ShutdownDefaultExecutorAsync());
        }
        finally
        {
            if (_setEventLoop)
            {
                Asyncio.SetEventLoop(null);
            }

            loop.Close();
            _loop = null;
            _closed = true;
        }
    }

    private AioTask RunTask(Func<EventLoop, AioTask> start)
    {
        if (EventLoop.Running is not null)
        {
            throw new InvalidOperationException("Runner.Run() cannot be called from a running event loop");
        }

        EventLoop loop = LazyInit();
        AioTask task = start(loop);
        int interrupts = 0;
        ConsoleCancelEventHandler? onInterrupt = null;
        if (Environment.CurrentManagedThreadId == 1)
        {
            // asyncio.Runner's SIGINT handler: the first Ctrl+C cancels the main task; a second one,
            // while it is still cleaning up, ends the process as .NET does by default.
            KeyboardInterrupt.InstallUnhandledHandler();
            onInterrupt = (_, e) =>
            {
                if (Interlocked.Increment(ref interrupts) != 1 || task.IsDone)
                {
                    return;
                }

                e.Cancel = true;
                loop.CallSoonThreadsafe(() => task.Cancel("KeyboardInterrupt"));
            };
            Console.CancelKeyPress += onInterrupt;
        }

        try
        {
            loop.RunUntilComplete((Future)task);
        }
        catch (CancelledError e) when (Volatile.Read(ref interrupts) > 0 && task.IsCancelled)
        {
            throw new KeyboardInterrupt("KeyboardInterrupt", e);
        }
        finally
        {
            if (onInterrupt is not null)
            {
                Console.CancelKeyPress -= onInterrupt;
            }
        }

        if (Volatile.Read(ref interrupts) > 0 && task.IsCancelled)
        {
            throw new KeyboardInterrupt("KeyboardInterrupt", task.MakeCancelledError());
        }

        return task;
    }

    private EventLoop LazyInit()
    {
        if (_closed)
        {
            throw new InvalidOperationException("Runner is closed");
        }

        if (_loop is not null)
        {
            return _loop;
        }

        if (_loopFactory is null)
        {
            _loop = Asyncio.NewEventLoop();
            Asyncio.SetEventLoop(_loop);
            _setEventLoop = true;
        }
        else
        {
            _loop = _loopFactory() ?? throw new InvalidOperationException("The loop factory returned null instead of an event loop.");
        }

        _loop.Debug |= _debug;
        return _loop;
    }

    /// <summary>asyncio.runners._cancel_all_tasks: cancel what is left, let it finish, report failures.</summary>
    private static void CancelAllTasks(EventLoop loop)
    {
        IReadOnlyList<AioTask> toCancel = loop.AllTasks();
        if (toCancel.Count == 0)
        {
            return;
        }

        foreach (AioTask task in toCancel)
        {
            task.Cancel();
        }

        loop.RunUntilComplete(Asyncio.Gather(true, toCancel.ToArray<Future>()));
        foreach (AioTask task in toCancel)
        {
            if (!task.IsCancelled && task.Exception is { } error)
            {
                loop.CallExceptionHandler(new ExceptionContext("unhandled exception during Asyncio.Run() shutdown")
                {
                    Exception = error,
                    Task = task,
                });
            }
        }
    }
}
