namespace Aio;

/// <summary>
/// A callback scheduled on an <see cref="EventLoop"/> by <see cref="EventLoop.CallSoon(Action)"/>
/// (asyncio's <c>Handle</c>). Cancelling it before it runs keeps it from running.
/// </summary>
public abstract class Handle : IRunnable
{
    private protected Handle(EventLoop loop)
    {
        Loop = loop;
    }

    /// <summary>The loop this handle was scheduled on.</summary>
    public EventLoop Loop { get; }

    /// <summary>Whether <see cref="Cancel"/> was called (asyncio's <c>cancelled()</c>).</summary>
    public bool IsCancelled { get; private set; }

    /// <summary>Makes a reused handle (a sleep's timer) uncancelled again.</summary>
    private protected void ResetCancelled() => IsCancelled = false;

    /// <summary>Cancels the callback. Cancelling a callback that has already run, or twice, does nothing.</summary>
    public virtual void Cancel()
    {
        IsCancelled = true;
    }

    /// <summary>Describes the callback, as asyncio's handle repr does.</summary>
    public override string ToString() =>
        $"<{GetType().Name.Replace("Callback", string.Empty, StringComparison.Ordinal)}{(IsCancelled ? " cancelled" : string.Empty)} {Describe()}>";

    void IRunnable.Run(object? state)
    {
        if (!IsCancelled)
        {
            Invoke();
        }
    }

    /// <summary>What runs when the handle comes up.</summary>
    internal abstract void Invoke();

    /// <summary>The callback's name, for logs and reprs.</summary>
    internal string DescribeCallback() => Describe();

    /// <summary>The callback's name, for logs.</summary>
    private protected virtual string Describe() => string.Empty;
}

/// <summary>A handle that runs a delegate (what <see cref="EventLoop.CallSoon(Action)"/> returns).</summary>
internal sealed class CallbackHandle(EventLoop loop, Delegate callback, object? state) : Handle(loop)
{
    // asyncio runs a callback in a copy of the context it was scheduled from.
    private readonly ExecutionContext? _context = ExecutionContext.Capture();

    internal override void Invoke() => CallbackInvoker.Invoke(callback, state, _context);

    private protected override string Describe() => CallbackInvoker.Describe(callback);
}

/// <summary>Runs and names the delegates handles carry.</summary>
internal static class CallbackInvoker
{
    /// <summary>Runs the callback in <paramref name="context"/> (the loop restores its own afterwards).</summary>
    public static void Invoke(Delegate callback, object? state, ExecutionContext? context)
    {
        if (context is not null && !ReferenceEquals(context, ExecutionContext.Capture()))
        {
            ExecutionContext.Restore(context);
        }

        if (callback is Action action)
        {
            action();
        }
        else
        {
            ((Action<object?>)callback)(state);
        }
    }

    public static string Describe(Delegate callback) => $"{callback.Method.DeclaringType?.Name}.{callback.Method.Name}()";
}
