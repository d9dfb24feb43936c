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

    /// <summary>Creates a future bound to this loop (asyncio's <c>create_future()</c>).</summary>
    public Future<object?> CreateFuture() => new(this);

    /// <summary>Creates a typed future bound to this loop.</summary>
    public Future<T> CreateFuture<T>() => new(this);

    /// <summary>Schedules <paramref name="coroutine"/> as a task; its first step runs on the next iteration (asyncio's <c>create_task</c>).</summary>
    /// <exception cref="InvalidOperationException">The loop is closed, or the coroutine was already awaited.</exception>
    public AioTask CreateTask(Coroutine coroutine, string? name = null)
    {
        AioTask frame = coroutine.Checked();
        CheckThread();
        frame.PromoteCoroutine(this, name);
        return frame;
    }

    /// <summary>Schedules <paramref name="coroutine"/> as a task that produces its result.</summary>
    public AioTask<T> CreateTask<T>(Coroutine<T> coroutine, string? name = null)
    {
        var frame = (AioTask<T>)((Coroutine)coroutine).Checked();
        CheckThread();
        frame.PromoteCoroutine(this, name);
        return frame;
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
        if (TaskTracking)
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
        if (TaskTracking)
        {
            RecordTerminated(task, slot);
        }
        else if (slot < _tracks.Length)
        {
            _tracks[slot] = default; // Tracking was turned off: a stale record must not pass to the slot's next task.
        }
    }

    private readonly record struct LiveEntry(AioTask? Task);
}
