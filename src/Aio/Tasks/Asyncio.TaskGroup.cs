namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Runs <paramref name="body"/> with a new <see cref="Aio.TaskGroup"/> and waits for every task it
    /// starts (asyncio's <c>async with TaskGroup() as tg</c>). If a task fails, the others and the body
    /// are cancelled and the failures are raised together as an <see cref="ExceptionGroup"/>.
    /// </summary>
    /// <remarks>Cancel safety: if the awaiting task is cancelled, every task of the group is cancelled and awaited first.</remarks>
    public static Coroutine TaskGroup(Func<TaskGroup, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Aio.TaskGroup.Run(body);
    }
}
