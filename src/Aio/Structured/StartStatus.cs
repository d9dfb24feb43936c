namespace Aio;

/// <summary>
/// The readiness handshake of a task started with <see cref="TaskGroup.StartAsync{T}(Func{StartStatus{T}, Coroutine}, string?)"/>
/// (trio's <c>task_status</c>): the task calls <see cref="Started"/> once it is ready (listening,
/// connected, initialised), and the starter's await returns the value it passed.
/// </summary>
/// <typeparam name="T">What the task reports when it is ready (a port, an address, a handle).</typeparam>
public sealed class StartStatus<T>
{
    private readonly TaskGroup _group;
    private readonly Future<T> _started;

    internal StartStatus(TaskGroup group, Future<T> started)
    {
        _group = group;
        _started = started;
    }

    /// <summary>Whether <see cref="Started"/> was called.</summary>
    public bool IsStarted { get; private set; }

    /// <summary>The task being started, once it exists.</summary>
    internal AioTask? Task { get; set; }

    /// <summary>
    /// Reports that the task is ready (trio's <c>task_status.started(value)</c>): the starter resumes with
    /// <paramref name="value"/>, and from now on the task is an ordinary task of the group, whose
    /// failure cancels its siblings.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public void Started(T value)
    {
        if (IsStarted)
        {
            throw new InvalidOperationException("StartStatus.Started() called more than once.");
        }

        IsStarted = true;
        _group.OnStarted(this);
        _started.TrySetResult(value);
    }
}

/// <summary>The readiness handshake of a task that reports no value; see <see cref="StartStatus{T}"/>.</summary>
public sealed class StartStatus
{
    private readonly StartStatus<bool> _inner;

    internal StartStatus(StartStatus<bool> inner) => _inner = inner;

    /// <summary>Whether <see cref="Started"/> was called.</summary>
    public bool IsStarted => _inner.IsStarted;

    /// <summary>Reports that the task is ready (trio's <c>task_status.started()</c>).</summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public void Started() => _inner.Started(true);
}
