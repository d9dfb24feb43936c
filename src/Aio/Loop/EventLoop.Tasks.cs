namespace Aio;

public sealed partial class EventLoop
{
    // Pending tasks, each knowing its slot. A finished task leaves a hole that the next new task
    // fills, so finishing touches no other task (swapping the last one in would cost a cache miss
    // on a cold object per completion). Struct entries: an AioTask[] would pay a covariance check
    // on every store.
    private LiveEntry[] _live = new LiveEntry[64];
    private int _liveHigh;
    private int _liveCount;
    private readonly Stack<int> _liveFree = new();
    private AioTaskFactory? _taskFactory;

    /// <summary>Creates a future bound to this loop (asyncio's <c>create_future()</c>).</summary>
    public Future<object?> CreateFuture() => new(this);

    /// <summary>Creates a typed future bound to this loop.</summary>
    public Future<T> CreateFuture<T>() => new(this);

    /// <summary>Schedules <paramref name="coroutine"/> as a task; its first step runs on the next iteration (asyncio's <c>create_task</c>).</summary>
    /// <exception cref="InvalidOperationException">The loop is closed, or the coroutine was already awaited.</exception>
    /// <remarks>With a task factory set (<see cref="SetTaskFactory"/>), the factory makes the task.</remarks>
    public AioTask CreateTask(Coroutine coroutine, string? name = null) =>
        _taskFactory is { } factory ? factory(this, coroutine, name) : NewTask(coroutine, name);

    /// <summary>Schedules <paramref name="coroutine"/> as a task that produces its result.</summary>
    /// <exception cref="InvalidOperationException">The task factory returned a task that is not this coroutine's.</exception>
    public AioTask<T> CreateTask<T>(Coroutine<T> coroutine, string? name = null)
    {
        if (_taskFactory is not { } factory)
        {
            return (AioTask<T>)NewTask(coroutine, name);
        }

        return factory(this, coroutine, name) as AioTask<T>
            ?? throw new InvalidOperationException($"The task factory did not return a task producing {typeof(T).Name}: it must return the coroutine's own task (EventLoop.NewTask).");
    }

    /// <summary>
    /// Makes <paramref name="coroutine"/> a task of this loop without consulting the task factory:
    /// asyncio's <c>Task(coro, loop=loop, name=name, eager_start=...)</c>, what a factory calls. With
    /// <paramref name="eagerStart"/> the first step runs now, inside the caller, until the coroutine's
    /// first suspension; a coroutine that finishes without suspending is done on return and never
    /// scheduled (asyncio 3.12's eager tasks).
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed, or the coroutine was already awaited.</exception>
    public AioTask NewTask(Coroutine coroutine, string? name = null, bool eagerStart = false)
    {
        AioTask frame = coroutine.Checked();
        CheckThread();
        if (eagerStart)
        {
            frame.PromoteCoroutineEager(this, name);
        }
        else
        {
            frame.PromoteCoroutine(this, name);
        }

        return frame;
    }

    /// <summary>
    /// Sets the factory <see cref="CreateTask(Coroutine, string?)"/> uses (asyncio's
    /// <c>loop.set_task_factory</c>); null restores the default. <see cref="Asyncio.EagerTaskFactory"/>
    /// makes every task start eagerly. Tasks of <see cref="Task"/>-returning delegates are not made by it.
    /// </summary>
    public void SetTaskFactory(AioTaskFactory? factory)
    {
        CheckThread();
        _taskFactory = factory;
    }

    /// <summary>The task factory in use, or null for the default (asyncio's <c>loop.get_task_factory</c>).</summary>
    public AioTaskFactory? GetTaskFactory() => _taskFactory;

    /// <summary>Runs a new task's first step inside whatever runs now, then gives the caller its own task and context back.</summary>
    internal void RunEagerFirstStep(AioTask task, object firstStep)
    {
        AioTask? outer = CurrentTask;
        int outerSite = RunningSite;
        System.Threading.SynchronizationContext? outerSync = System.Threading.SynchronizationContext.Current;
        ExecutionContext? outerContext = ExecutionContext.Capture();
        CurrentTask = task;
        task.EnterStep();
        try
        {
            ((IRunnable)task).Run(firstStep);
        }
        finally
        {
            task.LeaveStep(outerContext);
            CurrentTask = outer;
            RunningSite = outerSite;
            System.Threading.SynchronizationContext.SetSynchronizationContext(outerSync);
        }
    }

    /// <summary>
    /// Schedules an awaitable operation (<c>queue.GetAsync()</c>, <c>lock.AcquireAsync()</c>, a sleep) as a
    /// task of this loop; it starts in the task's first step.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="awaitable"/> is a future or task (already scheduled).</exception>
    public AioTask CreateTask(IAioAwaitable awaitable, string? name = null) => CreateTask(Awaitables.CoroutineOf(awaitable, nameof(awaitable)), name);

    /// <summary>Schedules an awaitable operation as a task that produces its result; see <see cref="CreateTask(IAioAwaitable, string?)"/>.</summary>
    public AioTask<T> CreateTask<T>(IAioAwaitable<T> awaitable, string? name = null) => CreateTask(Awaitables.CoroutineOf(awaitable, nameof(awaitable)), name);

    /// <summary>
    /// Schedules a <see cref="Task"/>-returning delegate as a task. The delegate is invoked on the next
    /// iteration, as a coroutine's first step would be.
    /// </summary>
    public AioTask CreateTask(Func<Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        CheckThread();
        return new AioTask(this, body, name);
    }

    /// <summary>Schedules a <see cref="Task{T}"/>-returning delegate as a task that produces its result.</summary>
    public AioTask<T> CreateTask<T>(Func<Task<T>> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        CheckThread();
        return new AioTask<T>(this, body, name);
    }

    /// <summary>The tasks of this loop that are not done yet, oldest first (asyncio's <c>all_tasks(loop)</c>).</summary>
    public IReadOnlyList<AioTask> AllTasks()
    {
        var tasks = new List<AioTask>(_liveCount);
        for (int i = 0; i < _liveHigh; i++)
        {
            if (_live[i].Task is { } task)
            {
                tasks.Add(task);
            }
        }

        tasks.Sort(static (a, b) => a.Number.CompareTo(b.Number));
        return tasks;
    }

    /// <summary>The number of tasks not done yet.</summary>
    internal int LiveTaskCount => _liveCount;

    internal void AddLiveTask(AioTask task)
    {
        if (!_liveFree.TryPop(out int slot))
        {
            if (_liveHigh == _live.Length)
            {
                Array.Resize(ref _live, _live.Length * 2);
            }

            slot = _liveHigh++;
        }

        task.LiveIndex = slot;
        _live[slot] = new LiveEntry(task);
        _liveCount++;
        if (Tracking)
        {
            StartTrack(task, slot);
        }
    }

    internal void RemoveLiveTask(AioTask task)
    {
        int slot = task.LiveIndex;
        if (slot < 0)
        {
            return;
        }

        _live[slot] = default;
        _liveFree.Push(slot);
        task.LiveIndex = -1;
        _liveCount--;
        if (Tracking)
        {
            RecordTerminated(task, slot);
        }
    }

    private readonly record struct LiveEntry(AioTask? Task);
}
