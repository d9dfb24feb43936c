namespace Aio;

/// <summary>
/// A read up to a separator found more than the reader's limit without it, or found it too far in
/// (asyncio's <c>LimitOverrunError</c>). The data stays in the buffer; <see cref="Consumed"/> says how
/// many bytes to consume to get past it.
/// </summary>
public sealed class LimitOverrunError : Exception
{
    /// <summary>Creates the error.</summary>
    public LimitOverrunError(string message, int consumed)
        : base(message)
    {
        Consumed = consumed;
    }

    /// <summary>The number of bytes to consume (asyncio's <c>consumed</c>).</summary>
    public int Consumed { get; }
}
