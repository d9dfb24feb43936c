namespace Aio;

/// <summary>
/// The <see cref="SynchronizationContext"/> installed while the loop runs. Each task has its own
/// instance, so a continuation of a foreign await (a .NET <see cref="Task"/>, <c>Task.Yield()</c>)
/// comes back to the loop tagged with the task it belongs to, and the task's identity and
/// cancellation survive awaits the loop does not own. The loop's own instance has no task.
/// </summary>
internal sealed class LoopSynchronizationContext : SynchronizationContext
{
    public LoopSynchronizationContext(EventLoop loop, AioTask? task)
    {
        Loop = loop;
        Task = task;
    }

    public EventLoop Loop { get; }

    public AioTask? Task { get; }

    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        Loop.Post(d, state, Task);
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (Loop.IsOnLoopThread)
        {
            d(state);
            return;
        }

        using var done = new ManualResetEventSlim();
        Exception? error = null;
        Loop.PostThreadsafe(
            (Action)(() =>
            {
                try
                {
                    d(state);
                }
                catch (Exception e)
                {
                    error = e;
                }
                finally
                {
                    done.Set();
                }
            }),
            null,
            Task);
        done.Wait();
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }

    public override SynchronizationContext CreateCopy() => this;
}
