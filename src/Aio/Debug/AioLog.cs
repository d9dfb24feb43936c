using Microsoft.Extensions.Logging;

namespace Aio;

/// <summary>
/// Where Aio logs (asyncio's <c>logging.getLogger("asyncio")</c>). Set <see cref="LoggerFactory"/>
/// to route Aio's messages into the application's logging; until then they go to standard error,
/// as Python's last-resort handler does.
/// </summary>
public static class AioLog
{
    private static ILogger s_logger = new LastResortLogger(LogLevel.Warning);

    /// <summary>The category Aio logs under.</summary>
    public const string Category = "Aio";

    /// <summary>The logger Aio writes to.</summary>
    public static ILogger Logger => s_logger;

    /// <summary>
    /// Routes Aio's log through this factory (category <see cref="Category"/>);
    /// <c>null</c> restores the standard-error fallback.
    /// </summary>
    public static ILoggerFactory? LoggerFactory
    {
        get;
        set
        {
            field = value;
            s_logger = value?.CreateLogger(Category) ?? new LastResortLogger(MinimumLevel);
        }
    }

    /// <summary>
    /// The lowest level the standard-error fallback writes (warnings by default; debug mode in
    /// <see cref="Asyncio.Run(Coroutine, bool, Func{EventLoop}?)"/> does not change it, as in Python).
    /// </summary>
    public static LogLevel MinimumLevel
    {
        get => s_logger is LastResortLogger l ? l.Minimum : LogLevel.Trace;
        set
        {
            if (LoggerFactory is null)
            {
                s_logger = new LastResortLogger(value);
            }
        }
    }

    /// <summary>Writes synchronously to standard error, so nothing is lost when the process ends.</summary>
    private sealed class LastResortLogger(LogLevel minimum) : ILogger
    {
        public LogLevel Minimum { get; } = minimum;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= Minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string text = formatter(state, exception);
            if (exception is not null)
            {
                text += Environment.NewLine + exception;
            }

            lock (Console.Error)
            {
                Console.Error.WriteLine(text);
            }
        }
    }
}
