using Microsoft.Extensions.Logging;

namespace Aio;

internal static partial class Log
{
    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Task} ran for {Seconds:F3} seconds without reaching a checkpoint, so no other task or callback could run meanwhile. Awaits that complete at once (a finished future, a channel with room) do not yield: put 'await Asyncio.Checkpoint()' in long loops, or move CPU-bound work to Asyncio.ToThread().")]
    public static partial void TaskWithoutCheckpoint(ILogger logger, string task, double seconds);
}
