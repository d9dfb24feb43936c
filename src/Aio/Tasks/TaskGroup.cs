using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Aio;

/// <summary>
/// Structured concurrency (asyncio's <c>TaskGroup</c>): tasks created in the group cannot outlive it.
/// The first failure cancels the siblings and the body; once every task has finished, all failures
/// are raised together as an <see cref="ExceptionGroup"/>. Use it through
/// <see cref="Asyncio.TaskGroup(Func{TaskGroup, Coroutine})"/>.
/// </summary>
/// <remarks>
/// The body is a delegate rather than an <c>await using</c> block because C# does not tell
/// <c>DisposeAsync</c> that the block failed, and asyncio's group must cancel its children when it does.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed partial class TaskGroup
{
    private readonly EventLoop _loop;
    private readonly AioTask _parentTask;
    private readonly HashSet<AioTask> _tasks = new(ReferenceEqualityComparer.Instance);
    private readonly Action<Future> _onTaskDone;
    private readonly CancelScope _scope = new();
    private List<Exception> _errors = new();
    private bool _exiting;
    private bool _aborting;
    private bool _parentCancelRequested;
    private Future<bool>? _onCompleted;

    internal TaskGroup()
    {
        _loop = Asyncio.GetRunningLoop();
        _parentTask = _loop.CurrentTask ?? throw new InvalidOperationException("TaskGroup cannot determine the parent task");
        _onTaskDone = OnTaskDone;
    }

    /// <summary>Starts <paramref name="coroutine"/> as a task of the group (asyncio's <c>TaskGroup.create_task()</c>).</summary>
    /// <exception cref="InvalidOperationException">The group has finished or is shutting down.</exception>
    public AioTask CreateTask(Coroutine coroutine, string? name = null) => Track(_loop.CreateTask(Admit(coroutine), name));

    /// <summary>Starts <paramref name="coroutine"/> as a task of the group that produces its result.</summary>
    public AioTask<T> CreateTask<T>(Coroutine<T> coroutine, string? name = null) => Track(_loop.CreateTask(Admit(coroutine), name));

    /// <summary>Starts an awaitable operation as a task of the group; see <see cref="Asyncio.CreateTask(IAioAwaitable, string?)"/>.</summary>
    public AioTask CreateTask(IAioAwaitable awaitable, string? name = null) => CreateTask(Awaitables.CoroutineOf(awaitable, nameof(awaitable)), name);

    /// <summary>Starts an awaitable operation as a task of the group that produces its result.</summary>
    public AioTask<T> CreateTask<T>(IAioAwaitable<T> awaitable, string? name = null) => CreateTask(Awaitables.CoroutineOf(awaitable, nameof(awaitable)), name);

    /// <summary>Starts a <see cref="Task"/>-returning delegate as a task of the group.</summary>
    public AioTask CreateTask(Func<Task> body, string? name = null) => Track(_loop.CreateTask(Admit(body), name));

    /// <summary>Starts a <see cref="Task{T}"/>-returning delegate as a task of the group that produces its result.</summary>
    public AioTask<T> CreateTask<T>(Func<Task<T>> body, string? name = null) => Track(_loop.CreateTask(Admit(body), name));

    /// <summary>
    /// The cancel scope around the group's body and its tasks (trio's <c>nursery.cancel_scope</c>):
    /// cancelling it cancels them all and the group then exits quietly; its deadline bounds the group.
    /// </summary>
    public CancelScope CancelScope => _scope;

    /// <summary>
    /// Cancels the whole group: the body and every task in it (level-triggered, as any cancel scope);
    /// the group waits for them and then exits without raising. The same as <c>CancelScope.Cancel()</c>.
    /// </summary>
    public void Cancel() => _scope.Cancel();

    /// <summary>The group's tasks that have not finished yet, in creation order (trio's <c>child_tasks</c>).</summary>
    public IReadOnlyList<AioTask> Tasks
    {
        get
        {
            var tasks = new AioTask[_tasks.Count];
            _tasks.CopyTo(tasks);
            Array.Sort(tasks, static (a, b) => a.Number.CompareTo(b.Number));
            return tasks;
        }
    }

    /// <summary>Describes the group as asyncio's repr does.</summary>
    public override string ToString()
    {
        var info = new List<string> { "<TaskGroup" };
        if (_tasks.Count > 0)
        {
            info.Add($"tasks={_tasks.Count}");
        }

        if (_errors.Count > 0)
        {
            info.Add($"errors={_errors.Count}");
        }

        info.Add(_aborting ? "cancelling" : "entered");
        return string.Join(' ', info) + ">";
    }

    /// <summary>Runs <paramref name="body"/> in a new group, waits for every task in it, and returns what the body returned.</summary>
    internal static async Coroutine<T> Run<T>(Func<TaskGroup, Coroutine<T>> body)
    {
        var group = new TaskGroup();
        group._scope.Enter();
        Exception? error = null;
        T result = default!;
        try
        {
            result = await body(group);
        }
        catch (Exception e)
        {
            error = e;
        }

        Exception? exit = null;
        try
        {
            await group.ExitAsync(error);
        }
        catch (Exception e)
        {
            exit = e;
        }

        // The group's own scope catches its cancellation (tg.Cancel()); anything else goes on.
        if (group._scope.Exit(exit) is { } raise)
        {
            ExceptionDispatchInfo.Throw(raise);
        }

        return result;
    }

    /// <summary>asyncio's <c>TaskGroup.__aexit__</c>, given the exception that left the body.</summary>
    private async Coroutine ExitAsync(Exception? error)
    {
        _exiting = true;
        Exception? propagateCancellation = error is CancelledError ? error : null;
        if (_parentCancelRequested && _parentTask.Uncancel() == 0)
        {
            // No cancellation requests are left: the group cancelled its parent itself.
            propagateCancellation = null;
        }

        if (error is not null && !_aborting)
        {
            Abort();
        }

        // The children are in the group's scope: a cancelled scope reached them already, so the wait
        // for them is not cancelled by it over and over (an asyncio cancel of the parent still is).
        CancelScope quiet = CancelScope.Quiet();
        quiet.Enter();
        while (_tasks.Count > 0)
        {
            _onCompleted ??= _loop.CreateFuture<bool>();
            try
            {
                await _onCompleted;
            }
            catch (CancelledError e)
            {
                if (!_aborting)
                {
                    propagateCancellation = e;
                    Abort();
                }
            }

            _onCompleted = null;
        }

        quiet.Exit(null);

        if (propagateCancellation is not null && _errors.Count == 0)
        {
            ExceptionDispatchInfo.Throw(propagateCancellation);
        }

        if (error is not null and not CancelledError)
        {
            _errors.Add(error);
        }

        if (_errors.Count > 0)
        {
            List<Exception> errors = _errors;
            _errors = new List<Exception>();
            throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        }
    }

    private TBody Admit<TBody>(TBody body)
    {
        if (_exiting && _tasks.Count == 0)
        {
            throw new InvalidOperationException($"TaskGroup {this} is finished");
        }

        if (_aborting)
        {
            throw new InvalidOperationException($"TaskGroup {this} is shutting down");
        }

        return body;
    }

    private TTask Track<TTask>(TTask task)
        where TTask : AioTask
    {
        _scope.Adopt(task);
        task.AddCallbackEntry(_onTaskDone, null);
        _tasks.Add(task);
        return task;
    }

    private void Abort()
    {
        _aborting = true;
        foreach (AioTask task in _tasks)
        {
            if (!task.IsDone)
            {
                task.Cancel();
            }
        }
    }

    private void OnTaskDone(Future future)
    {
        var task = (AioTask)future;
        _tasks.Remove(task);
        _scope.Release(task);
        if (_onCompleted is not null && _tasks.Count == 0)
        {
            _onCompleted.TrySetResult(true);
        }

        if (task.IsCancelled || task.Exception is not { } error)
        {
            return;
        }

        _errors.Add(error);
        if (_parentTask.IsDone)
        {
            _loop.CallExceptionHandler(new ExceptionContext($"Task {task} has errored out but its parent task {_parentTask} is already completed")
            {
                Exception = error,
                Task = task,
            });
            return;
        }

        if (!_aborting && !_parentCancelRequested)
        {
            // The first failure cancels the siblings and the parent's body.
            Abort();
            _parentCancelRequested = true;
            _parentTask.RequestCancel(null, _scope);
        }
    }
}
