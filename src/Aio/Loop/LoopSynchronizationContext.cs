using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// The <see cref="SynchronizationContext"/> installed while the loop runs. Each task has its own
/// instance, so a continuation of a foreign await (a .NET <see cref="Task"/>, <c>Task.Yield()</c>)
/// comes back to the loop tagged with the task it belongs to, and the task's identity and
/// cancellation survive awaits the loop does not own. The loop's own instance has no task.
/// </summary>
internal sealed class LoopSynchronizationContext : SynchronizationContext
{
    // The task, or the loop for the loop's own instance: one field, so that the instance every task
    // carries is the smallest object there is (24 bytes, against 32 with the loop beside the task).
    private readonly object _owner;

    /// <summary>The loop's own instance: continuations posted to it run in no task.</summary>
    public LoopSynchronizationContext(EventLoop loop) => _owner = loop;

    /// <summary>A task's instance: continuations posted to it run in <paramref name="task"/>, on its loop.</summary>
    public LoopSynchronizationContext(AioTask task) => _owner = task;

    public EventLoop Loop => _owner as EventLoop ?? Unsafe.As<AioTask>(_owner).Loop;

    public AioTask? Task => _owner is EventLoop ? null : Unsafe.As<AioTask>(_owner);

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
