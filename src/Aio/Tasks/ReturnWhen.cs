namespace Aio;

/// <summary>When <see cref="Asyncio.Wait{TFuture}(IEnumerable{TFuture}, double?, ReturnWhen)"/> returns.</summary>
public enum ReturnWhen
{
    /// <summary>When every future is done (asyncio's <c>ALL_COMPLETED</c>).</summary>
    AllCompleted,

    /// <summary>When any future is done (asyncio's <c>FIRST_COMPLETED</c>).</summary>
    FirstCompleted,

    /// <summary>When any future fails, or all are done (asyncio's <c>FIRST_EXCEPTION</c>).</summary>
    FirstException,
}
