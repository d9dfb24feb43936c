namespace Aio;

/// <summary><c>GetNowait</c> found the queue empty (asyncio's <c>QueueEmpty</c>).</summary>
public class QueueEmpty : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public QueueEmpty()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public QueueEmpty(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    public QueueEmpty(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
