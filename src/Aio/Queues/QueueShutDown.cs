namespace Aio;

/// <summary>The queue was shut down (asyncio 3.13's <c>QueueShutDown</c>): no more puts, and gets once it is empty.</summary>
public class QueueShutDown : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public QueueShutDown()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public QueueShutDown(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    public QueueShutDown(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
