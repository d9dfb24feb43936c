namespace Aio;

/// <summary><c>PutNowait</c> found the queue full (asyncio's <c>QueueFull</c>).</summary>
public class QueueFull : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public QueueFull()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public QueueFull(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    public QueueFull(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
