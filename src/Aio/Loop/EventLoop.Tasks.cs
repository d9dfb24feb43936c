namespace Aio;

public sealed partial class EventLoop
{
    // Pending tasks; each knows its index, so removal is a swap with the last entry. Struct
    // entries: storing into an AioTask[] would pay an array covariance check on every move.
    private LiveEntry[] _live = new LiveEntry[64];
    private int _liveCount;

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
        var tasks = new AioTask[_liveCount];
        for (int i = 0; i < _liveCount; i++)
        {
            tasks[i] = _live[i].Task;
        }

        Array.Sort(tasks, static (a, b) => a.Number.CompareTo(b.Number));
        return tasks;
    }

    /// <summary>The number of tasks not done yet.</summary>
    internal int LiveTaskCount => _liveCount;

    internal void AddLiveTask(AioTask task)
    {
        if (_liveCount == _live.Length)
        {
            Array.Resize(ref _live, _live.Length * 2);
        }

        task.LiveIndex = _liveCount;
        _live[_liveCount++] = new LiveEntry(task);
    }

    /// <summary>Removes a finished task in O(1): the last entry takes its slot.</summary>
    internal void RemoveLiveTask(AioTask task)
    {
        int index = task.LiveIndex;
        if (index < 0)
        {
            return;
        }

        int last = --_liveCount;
        AioTask moved = _live[last].Task;
        _live[index] = new LiveEntry(moved);
        moved.LiveIndex = index;
        _live[last] = default;
        task.LiveIndex = -1;
    }

    private readonly record struct LiveEntry(AioTask Task);
}
