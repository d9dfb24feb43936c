namespace Aio;

/// <summary>
/// A done callback added by user code: it runs in a copy of the context it was added from (asyncio's
/// <c>add_done_callback(fn, context=None)</c>), and equals another wrapping the same delegate, so
/// <c>RemoveDoneCallback</c> finds it.
/// </summary>
internal sealed class DoneCallback<TFuture>(Action<TFuture> callback) : IRunnable
    where TFuture : Future
{
    private readonly Action<TFuture> _callback = callback;
    private readonly ExecutionContext? _context = ExecutionContext.Capture();

    public void Run(object? state)
    {
        if (_context is not null && !ReferenceEquals(_context, ExecutionContext.Capture()))
        {
            ExecutionContext.Restore(_context);
        }

        _callback((TFuture)state!);
    }

    public override bool Equals(object? obj) => obj is DoneCallback<TFuture> other && other._callback == _callback;

    public override int GetHashCode() => _callback.GetHashCode();
}
