namespace Aio;

/// <summary>
/// Raised at the <c>await</c> a task is suspended at when the task is cancelled, and by awaiting
/// a cancelled future (asyncio's <c>CancelledError</c>). It derives from
/// <see cref="OperationCanceledException"/>, so .NET code that handles cancellation handles it too.
/// </summary>
public class CancelledError : OperationCanceledException
{
    /// <summary>Creates the error without a cancellation message.</summary>
    public CancelledError()
        : this(null)
    {
    }

    /// <summary>Creates the error carrying the message given to <c>Cancel(msg)</c>.</summary>
    public CancelledError(string? cancelMessage)
        : base(cancelMessage ?? "The operation was cancelled.")
    {
        CancelMessage = cancelMessage;
    }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public CancelledError(string? cancelMessage, Exception? innerException)
        : base(cancelMessage ?? "The operation was cancelled.", innerException)
    {
        CancelMessage = cancelMessage;
    }

    /// <summary>The message passed to <c>Cancel(msg)</c>, or null (asyncio's <c>args[0]</c>).</summary>
    public string? CancelMessage { get; }
}
