using System.Runtime.CompilerServices;

namespace Aio;

public sealed partial class EventLoop
{
    // Failed futures whose exception nobody has read yet. Weak: a future still collects normally
    // (its sentinel then reports it); whatever is left is reported when the loop closes, so a short
    // program's lost failure is reported whether or not a collection happened to run.
    private readonly ConditionalWeakTable<Future, object> _unretrieved = new();

    internal void TrackUnretrieved(Future future) => _unretrieved.AddOrUpdate(future, future);

    internal void ForgetUnretrieved(Future future) => _unretrieved.Remove(future);

    /// <summary>Reports every failure still unretrieved ("Task exception was never retrieved").</summary>
    private void ReportUnretrievedOnClose()
    {
        var pending = new List<Future>();
        foreach (KeyValuePair<Future, object> entry in _unretrieved)
        {
            pending.Add(entry.Key);
        }

        foreach (Future future in pending)
        {
            ExceptionContext context = future.UnretrievedContext();
            future.MarkExceptionRetrieved();
            CallExceptionHandler(context);
        }
    }
}
