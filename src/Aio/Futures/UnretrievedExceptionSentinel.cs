namespace Aio;

/// <summary>
/// Reports "exception was never retrieved" when a failed future is collected without anyone having
/// looked at its exception (asyncio's <c>__del__</c> check). Only failed futures allocate one, so
/// futures stay free of finalizers; asking for the result or exception disarms it.
/// </summary>
internal sealed class UnretrievedExceptionSentinel
{
    private Future? _future;

    public UnretrievedExceptionSentinel(Future future)
    {
        _future = future;
    }

    ~UnretrievedExceptionSentinel()
    {
        _future?.ReportUnretrievedException();
    }

    public void Disarm()
    {
        _future = null;
#pragma warning disable CA1816 // The finalizer is the whole point of this object; disarming cancels it.
        GC.SuppressFinalize(this);
#pragma warning restore CA1816
    }
}
