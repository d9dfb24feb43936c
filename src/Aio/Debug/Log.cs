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
}
