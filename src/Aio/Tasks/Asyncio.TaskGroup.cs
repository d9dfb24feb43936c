using System.Runtime.CompilerServices;

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
        return Aio.TaskGroup.Run(async Coroutine<VoidResult> (group) =>
        {
            await body(group);
            return default;
        });
    }

    /// <summary>
    /// Runs a coroutine body with a new task group: <c>await Asyncio.TaskGroup(async Coroutine (tg) =&gt; { ... })</c>.
    /// See <see cref="TaskGroup(Func{TaskGroup, Task})"/>.
    /// </summary>
    [OverloadResolutionPriority(1)] // an async lambda binds here: the body runs as a coroutine of the awaiting task
    public static Coroutine TaskGroup(Func<TaskGroup, Coroutine> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Aio.TaskGroup.Run(async Coroutine<VoidResult> (group) =>
        {
            await body(group);
            return default;
        });
    }

    /// <summary>
    /// Runs a body that returns a value with a new task group and returns that value once every task
    /// of the group has finished: <c>int total = await Asyncio.TaskGroup(async Coroutine&lt;int&gt; (tg) =&gt; ...)</c>.
    /// </summary>
    [OverloadResolutionPriority(1)]
    public static Coroutine<T> TaskGroup<T>(Func<TaskGroup, Coroutine<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Aio.TaskGroup.Run(body);
    }

    /// <summary>Runs a <see cref="Task{T}"/>-returning body with a new task group and returns its value; see <see cref="TaskGroup{T}(Func{TaskGroup, Coroutine{T}})"/>.</summary>
    public static Coroutine<T> TaskGroup<T>(Func<TaskGroup, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Aio.TaskGroup.Run(async Coroutine<T> (group) => await body(group));
    }
}
