namespace Aio;

/// <summary>
/// A unit of work the loop can run from its ready queue without allocating a delegate:
/// handles, timers, coroutine frames and tasks implement it.
/// </summary>
internal interface IRunnable
{
    void Run(object? state);
}
