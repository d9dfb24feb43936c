namespace Aio.Testing;

/// <summary>
/// Runs test bodies on a fresh loop with a <see cref="VirtualClock"/>, as <c>Asyncio.Run</c> would,
/// without touching the global policy, so tests can run in parallel. From an xunit test:
/// <code>[Fact] public void Sleeps() => VirtualTime.Run(async () => { await Asyncio.Sleep(3600); });</code>
/// </summary>
public static class VirtualTime
{
    /// <summary>How long a run may sit with every task blocked and nothing scheduled before it fails as a deadlock.</summary>
    public static TimeSpan DeadlockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A new loop on a virtual clock starting at zero.</summary>
    public static EventLoop NewLoop() => new(new VirtualClock { DeadlockTimeout = DeadlockTimeout });

    /// <summary>Runs <paramref name="main"/> on a virtual-time loop; see <see cref="Asyncio.Run(Coroutine, bool, Func{EventLoop}?)"/>.</summary>
    public static void Run(Coroutine main, bool debug = false) => Asyncio.Run(main, debug, NewLoop);

    /// <summary>Runs <paramref name="main"/> on a virtual-time loop and returns its result.</summary>
    public static T Run<T>(Coroutine<T> main, bool debug = false) => Asyncio.Run(main, debug, NewLoop);

    /// <summary>Runs a <see cref="Task"/>-returning body on a virtual-time loop.</summary>
    public static void Run(Func<Task> main, bool debug = false) => Asyncio.Run(main, debug, NewLoop);

    /// <summary>Runs a <see cref="Task{T}"/>-returning body on a virtual-time loop and returns its result.</summary>
    public static T Run<T>(Func<Task<T>> main, bool debug = false) => Asyncio.Run(main, debug, NewLoop);
}
