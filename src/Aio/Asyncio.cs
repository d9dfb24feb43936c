namespace Aio;

/// <summary>
/// asyncio's module-level functions with .NET casing, so code reads like the guide:
/// <c>Asyncio.Run(Main())</c>, <c>await Asyncio.Sleep(1)</c>, <c>Asyncio.CreateTask(...)</c>,
/// <c>await Asyncio.Gather(...)</c>. See docs/asyncio-mapping.md for the full table.
/// </summary>
public static partial class Asyncio
{
    private static EventLoopPolicy s_policy = new();

    /// <summary>The loop running on this thread (asyncio's <c>get_running_loop()</c>).</summary>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static EventLoop GetRunningLoop() => EventLoop.Running ?? throw NoRunningLoop();

    /// <summary>"no running event loop", with what most likely happened when a loop runs on another thread.</summary>
    internal static InvalidOperationException NoRunningLoop() =>
        EventLoop.RunningCount == 0
            ? new InvalidOperationException("no running event loop: call this from code run by Asyncio.Run() or loop.RunUntilComplete().")
            : new InvalidOperationException(
                $"no running event loop on this thread ({(Thread.CurrentThread.IsThreadPoolThread ? "a thread-pool thread" : $"thread {Environment.CurrentManagedThreadId}")}), " +
                "though an event loop is running on another one. Code started on the loop has left it, most likely through " +
                "ConfigureAwait(false) (or another await that resumes on the thread pool) inside a Task-returning method. " +
                "Awaits inside async Coroutine methods always come back to the loop; in Task-returning methods drop " +
                "ConfigureAwait(false), or get back with Asyncio.RunCoroutineThreadsafe(coroutine, loop).");

    /// <summary>
    /// The running loop, or else the current loop of the policy (asyncio's <c>get_event_loop()</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No loop runs and this thread has no current loop.</exception>
    public static EventLoop GetEventLoop() => EventLoop.Running ?? s_policy.GetEventLoop();

    /// <summary>Makes <paramref name="loop"/> the current loop of this thread (asyncio's <c>set_event_loop()</c>).</summary>
    public static void SetEventLoop(EventLoop? loop) => s_policy.SetEventLoop(loop);

    /// <summary>Creates a loop through the policy (asyncio's <c>new_event_loop()</c>).</summary>
    public static EventLoop NewEventLoop() => s_policy.NewEventLoop();

    /// <summary>The event loop policy (asyncio's <c>get_event_loop_policy()</c>).</summary>
    public static EventLoopPolicy GetEventLoopPolicy() => s_policy;

    /// <summary>Replaces the policy; <c>null</c> restores the default (asyncio's <c>set_event_loop_policy()</c>).</summary>
    public static void SetEventLoopPolicy(EventLoopPolicy? policy) => s_policy = policy ?? new EventLoopPolicy();

    /// <summary>
    /// Runs <paramref name="main"/> on a new loop and returns when it is done (asyncio's <c>run()</c>).
    /// Then it cancels the tasks still pending and lets their <c>finally</c> blocks run, shuts down the
    /// default executor, and closes the loop.
    /// </summary>
    /// <param name="main">The coroutine to run.</param>
    /// <param name="debug">Runs the loop in debug mode (see <see cref="EventLoop.Debug"/>).</param>
    /// <param name="loopFactory">Makes the loop instead of the policy (asyncio 3.12's <c>loop_factory</c>).</param>
    /// <exception cref="InvalidOperationException">Called from code running on a loop.</exception>
    public static void Run(Coroutine main, bool debug = false, Func<EventLoop>? loopFactory = null)
    {
        CheckNotInLoop();
        using var runner = new Runner(debug, loopFactory);
        runner.Run(main);
    }

    /// <summary>Runs <paramref name="main"/> on a new loop and returns its result. See <see cref="Run(Coroutine, bool, Func{EventLoop}?)"/>.</summary>
    public static T Run<T>(Coroutine<T> main, bool debug = false, Func<EventLoop>? loopFactory = null)
    {
        CheckNotInLoop();
        using var runner = new Runner(debug, loopFactory);
        return runner.Run(main);
    }

    /// <summary>Runs a <see cref="Task"/>-returning delegate as the main task on a new loop. See <see cref="Run(Coroutine, bool, Func{EventLoop}?)"/>.</summary>
    public static void Run(Func<Task> main, bool debug = false, Func<EventLoop>? loopFactory = null)
    {
        CheckNotInLoop();
        using var runner = new Runner(debug, loopFactory);
        runner.Run(main);
    }

    /// <summary>Runs a <see cref="Task{T}"/>-returning delegate as the main task on a new loop and returns its result.</summary>
    public static T Run<T>(Func<Task<T>> main, bool debug = false, Func<EventLoop>? loopFactory = null)
    {
        CheckNotInLoop();
        using var runner = new Runner(debug, loopFactory);
        return runner.Run(main);
    }

    private static void CheckNotInLoop()
    {
        if (EventLoop.Running is not null)
        {
            throw new InvalidOperationException("Asyncio.Run() cannot be called from a running event loop");
        }
    }
}
