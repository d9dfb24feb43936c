namespace Aio;

/// <summary>The queue was shut down (asyncio 3.13's <c>QueueShutDown</c>): no more puts, and gets once it is empty.</summary>
public class QueueShutDown : InvalidOperationException
{
    internal const string PutMessage = "The queue is shut down: no more items can be put.";
    internal const string GetMessage = "The queue is shut down and empty: no more items will arrive.";

    /// <summary>Creates the error.</summary>
    public QueueShutDown()
        : base("The queue is shut down.")
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
