namespace Aio;

/// <summary>A barrier was aborted or reset while a task waited on it (asyncio's <c>BrokenBarrierError</c>).</summary>
public class BrokenBarrierError : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public BrokenBarrierError()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public BrokenBarrierError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    public BrokenBarrierError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
