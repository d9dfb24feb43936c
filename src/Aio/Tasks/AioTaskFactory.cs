namespace Aio;

/// <summary>
/// Makes the task for <see cref="EventLoop.CreateTask(Coroutine, string?)"/> (asyncio's task factory,
/// <c>factory(loop, coro, **kwargs)</c>). It must return the coroutine's own task, made with
/// <see cref="EventLoop.NewTask"/>: a factory can name, log, count or eagerly start tasks, not replace them.
/// </summary>
/// <param name="loop">The loop the task belongs to.</param>
/// <param name="coroutine">The coroutine to run as a task.</param>
/// <param name="name">The name given to <c>CreateTask</c>, or null.</param>
public delegate AioTask AioTaskFactory(EventLoop loop, Coroutine coroutine, string? name);
