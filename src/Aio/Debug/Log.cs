using Microsoft.Extensions.Logging;

namespace Aio;

/// <summary>Aio's log messages, compiled once (no formatting work unless the level is enabled).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Context}")]
    public static partial void Unhandled(ILogger logger, Exception? exception, string context);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Exception in default exception handler")]
    public static partial void DefaultHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Exception in default exception handler while handling an unexpected error in custom exception handler")]
    public static partial void CustomHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Executing {Callback} took {Seconds:F3} seconds")]
    public static partial void SlowCallback(ILogger logger, string callback, double seconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Task} was cancelled but could not be for {Seconds:F3} seconds: it was suspended on a foreign await ({Site}) that does not observe the task's CancellationToken. Pass Asyncio.CurrentTask()!.CancellationToken to that API, or await it through Asyncio.WrapFuture() so the await can be abandoned at cancellation.")]
    public static partial void CancellationHeldBack(ILogger logger, string task, double seconds, string site);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "coroutine '{Name}' was never awaited\nCoroutine created at {Site}")]
    public static partial void NeverAwaited(ILogger logger, string name, string site);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "unclosed {Kind} {Resource} when {Loop} closed")]
    public static partial void Unclosed(ILogger logger, string kind, string resource, string loop);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Executing the reactor poll took {Seconds:F3} seconds (expected at most {Expected:F3})")]
    public static partial void SlowPoll(ILogger logger, double seconds, double expected);
}
