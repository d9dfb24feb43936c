using System.Diagnostics;

namespace Aio;

/// <summary>
/// Several event loops, one per thread (DESIGN.md's scale-out: a loop per core, never a shared pool).
/// <see cref="Run"/> runs the same main coroutine on every loop; servers started there with
/// <c>reusePort: true</c> share one port, the kernel spreads connections over the loops
/// (<c>SO_REUSEPORT</c>), and each connection stays with the loop that accepted it for its life,
/// so no state is shared between loops unless the program shares it.
/// </summary>
/// <example>
/// <code>
/// using var group = new LoopGroup(Environment.ProcessorCount);
/// group.Run(async index =>
/// {
///     AioServer server = await Asyncio.StartServer(Handle, "0.0.0.0", 8080, reusePort: true);
///     await server.ServeForeverAsync();
/// });
/// </code>
/// </example>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class LoopGroup : IDisposable
{
    private readonly Func<EventLoop> _loopFactory;
    private readonly Lock _lock = new();
    private readonly EventLoop?[] _loops;
    private readonly AioTask?[] _mains;
    private bool _stopping;
    private bool _running;

    /// <summary>Creates a group of <paramref name="count"/> loops; they start with <see cref="Run"/>.</summary>
    /// <param name="count">How many loops (threads); by default one per processor.</param>
    /// <param name="loopFactory">Makes each loop; by default the policy's new loop.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is not positive.</exception>
    public LoopGroup(int count = 0, Func<EventLoop>? loopFactory = null)
    {
        if (count == 0)
        {
            count = Environment.ProcessorCount;
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        _loopFactory = loopFactory ?? (() => Asyncio.GetEventLoopPolicy().NewEventLoop());
        _loops = new EventLoop?[count];
        _mains = new AioTask?[count];
    }

    /// <summary>How many loops the group runs.</summary>
    public int Count { get; }

    /// <summary>The loops, while <see cref="Run"/> runs (a slot is null before its loop started).</summary>
    public IReadOnlyList<EventLoop?> Loops
    {
        get
        {
            lock (_lock)
            {
                return (EventLoop?[])_loops.Clone();
            }
        }
    }

    /// <summary>Describes the group.</summary>
    public override string ToString() => $"<LoopGroup loops={Count} running={_running}>";

    /// <summary>
    /// Runs <paramref name="main"/>(index) as the main task of each loop, each on its own thread, and
    /// returns when all have finished (as <see cref="Asyncio.Run(Coroutine, bool, Func{EventLoop}?)"/> does per loop).
    /// If one fails, the others are stopped; the failures are then thrown together.
    /// </summary>
    /// <exception cref="AggregateException">One or more loops' main coroutines failed.</exception>
    /// <exception cref="InvalidOperationException">The group is already running.</exception>
    public void Run(Func<int, Coroutine> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        lock (_lock)
        {
            if (_running)
            {
                throw new InvalidOperationException("The loop group is already running.");
            }

            _running = true;
            _stopping = false;
        }

        var errors = new Exception?[Count];
        var threads = new Thread[Count];
        for (int i = 0; i < Count; i++)
        {
            int index = i;
            threads[i] = new Thread(() => errors[index] = RunOne(index, main))
            {
                Name = $"aio-loop-{index}",
                IsBackground = true,
            };
            threads[i].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        lock (_lock)
        {
            _running = false;
            Array.Clear(_loops);
            Array.Clear(_mains);
        }

        Exception[] failures = errors.Where(e => e is not null).ToArray()!;
        if (failures.Length > 0)
        {
            throw new AggregateException("One or more loops of the group failed", failures);
        }
    }

    /// <summary>Cancels every loop's main task (thread-safe); <see cref="Run"/> then returns once they have finished.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopping = true;
            for (int i = 0; i < Count; i++)
            {
                if (_loops[i] is { IsClosed: false } loop && _mains[i] is { } task)
                {
                    try
                    {
                        loop.CallSoonThreadsafe(() => task.Cancel("LoopGroup.Stop"));
                    }
                    catch (InvalidOperationException) when (loop.IsClosed)
                    {
                        // Its main finished and the loop closed after the check: nothing to stop.
                    }
                }
            }
        }
    }

    /// <summary>Stops the loops if they run.</summary>
    public void Dispose() => Stop();

    private Exception? RunOne(int index, Func<int, Coroutine> main)
    {
        try
        {
            Asyncio.Run(Main(), loopFactory: _loopFactory);
            return null;
        }
        catch (CancelledError) when (Volatile.Read(ref _stopping))
        {
            return null;
        }
        catch (Exception e)
        {
            Stop();
            return e;
        }

        async Coroutine Main()
        {
            lock (_lock)
            {
                _loops[index] = Asyncio.GetRunningLoop();
                _mains[index] = Asyncio.CurrentTask();
                if (_stopping)
                {
                    _mains[index]!.Cancel("LoopGroup.Stop");
                }
            }

            await main(index);
        }
    }
}
