namespace Aio;

/// <summary>
/// A callback scheduled on an <see cref="EventLoop"/> by <see cref="EventLoop.CallSoon(Action)"/>
/// (asyncio's <c>Handle</c>). Cancelling it before it runs keeps it from running.
/// </summary>
public class Handle : IRunnable
{
    private readonly Delegate? _callback;
    private readonly object? _state;

    internal Handle(EventLoop loop, Delegate? callback, object? state)
    {
        Loop = loop;
        _callback = callback;
        _state = state;
    }

    /// <summary>The loop this handle was scheduled on.</summary>
    public EventLoop Loop { get; }

    /// <summary>Whether <see cref="Cancel"/> was called (asyncio's <c>cancelled()</c>).</summary>
    public bool IsCancelled { get; private set; }

    /// <summary>Cancels the callback. Cancelling a callback that has already run, or twice, does nothing.</summary>
    public virtual void Cancel()
    {
        IsCancelled = true;
    }

    /// <summary>Describes the callback, as asyncio's handle repr does.</summary>
    public override string ToString() =>
        $"<{GetType().Name}{(IsCancelled ? " cancelled" : string.Empty)} {DescribeCallback()}>";

    internal string DescribeCallback() => _callback is null ? string.Empty : $"{_callback.Method.DeclaringType?.Name}.{_callback.Method.Name}()";

    void IRunnable.Run(object? state)
    {
        if (IsCancelled)
        {
            return;
        }

        Invoke();
    }

    /// <summary>Runs the callback; timers that resume tasks override this.</summary>
    internal virtual void Invoke()
    {
        switch (_callback)
        {
            case Action action:
                action();
                break;
            case Action<object?> withState:
                withState(_state);
                break;
        }
    }
}
