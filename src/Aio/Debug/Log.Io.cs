using Microsoft.Extensions.Logging;

namespace Aio;

internal static partial class Log
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "socket.send() raised exception.")]
    public static partial void SendAfterConnectionLost(ILogger logger);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "pipe closed by peer or os.write(pipe, data) raised exception.")]
    public static partial void PipeWriteAfterConnectionLost(ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "{Transport}: {Message}")]
    public static partial void TransportError(ILogger logger, Exception exception, string transport, string message);
}
