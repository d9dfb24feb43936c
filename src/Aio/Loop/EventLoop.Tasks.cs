namespace Aio;

public sealed partial class EventLoop
{
    // Pending tasks; each knows its index, so removal is a swap with the last entry.
    private readonly List<AioTask> _live = new();

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
        var tasks = new AioTask[_live.Count];
        _live.CopyTo(tasks);
        Array.Sort(tasks, static (a, b) => a.Number.CompareTo(b.Number));
        return tasks;
    }

    /// <summary>The number of tasks not done yet.</summary>
    internal int LiveTaskCount => _live.Count;

    internal void AddLiveTask(AioTask task)
    {
        task.LiveIndex = _live.Count;
        _live.Add(task);
    }

    /// <summary>Removes a finished task in O(1): the last entry takes its slot.</summary>
    internal void RemoveLiveTask(AioTask task)
    {
        int index = task.LiveIndex;
        if (index < 0)
        {
            return;
        }

        int last = _live.Count - 1;
        AioTask moved = _live[last];
        _live[index] = moved;
        moved.LiveIndex = index;
        _live.RemoveAt(last);
        task.LiveIndex = -1;
    }
}
