namespace Aio.Data;

/// <summary>A PostgreSQL <c>NOTIFY</c> received on a channel the connection listens to (asyncpg's listener arguments).</summary>
/// <param name="ProcessId">The server process id of the session that sent it.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Payload">The payload string (empty if none was given).</param>
public sealed record Notification(int ProcessId, string Channel, string Payload);
