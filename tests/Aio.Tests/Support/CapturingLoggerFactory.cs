using Microsoft.Extensions.Logging;

namespace Aio.Tests.Support;

/// <summary>Collects what Aio logs, for tests of debug mode and the exception handler (use with <c>LoggingCollection</c>).</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
{
    public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public List<int> EventIds { get; } = new();

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, formatter(state, exception), exception));
            EventIds.Add(eventId.Id);
        }
    }
}
