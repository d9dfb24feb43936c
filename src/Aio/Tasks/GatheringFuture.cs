namespace Aio;

/// <summary>
/// The future <see cref="Asyncio.Gather(IAioAwaitable[])"/> returns (asyncio's <c>_GatheringFuture</c>).
/// Cancelling it cancels the children that are not done; a cancelled child alone does not cancel it.
/// </summary>
internal sealed class GatheringFuture<TResult> : Future<TResult[]>
{
    private readonly Future[] _children;
    private readonly bool _returnExceptions;
    private readonly Func<Future, TResult> _select;
    private readonly int _distinct;
    private int _finished;
    private bool _cancelRequested;

    public GatheringFuture(EventLoop loop, Future[] children, bool returnExceptions, Func<Future, TResult> select)
        : base(loop)
    {
        _children = children;
        _returnExceptions = returnExceptions;
        _select = select;
        // asyncio gathers a future given twice once. A mark on the future finds the duplicates
        // without a set: the loop is single-threaded, and every mark is cleared before returning.
        Action<Future> onDone = OnChildDone;
        foreach (Future child in children)
        {
            if (!child.GatherMark)
            {
                child.GatherMark = true;
                child.AddCallbackEntry(onDone, null);
                _distinct++;
            }
        }

        foreach (Future child in children)
        {
            child.GatherMark = false;
        }
    }

    public override bool Cancel(string? message = null)
    {
        if (IsDone)
        {
            return false;
        }

        bool any = false;
        foreach (Future child in _children)
        {
            any |= child.Cancel(message);
        }

        if (any)
        {
            // Propagate the cancellation whatever returnExceptions says (bpo-32684).
            _cancelRequested = true;
        }

        return any;
    }

    private void OnChildDone(Future child)
    {
        _finished++;
        if (IsDone)
        {
            if (!child.IsCancelled)
            {
                child.MarkExceptionRetrieved();
            }

            return;
        }

        if (!_returnExceptions)
        {
            if (child.IsCancelled)
            {
                SetException(child.MakeCancelledError());
                return;
            }

            if (child.Exception is { } error)
            {
                SetException(error);
                return;
            }
        }

        if (_finished == _distinct)
        {
            if (_cancelRequested)
            {
                SetException(child.MakeCancelledError());
                return;
            }

            var results = new TResult[_children.Length];
            for (int i = 0; i < results.Length; i++)
            {
                results[i] = _select(_children[i]);
            }

            SetResult(results);
        }
    }
}
