using System.Data.Common;

namespace Aio.Data;

/// <summary>
/// <see cref="AioConnection.StreamAsync"/>'s rows: the reader stays open on the connection and rows
/// come over <c>prefetch</c> at a time (one provider call, or one worker-thread hop for SQLite, per
/// batch), so a large result is never held whole. Npgsql and MySqlConnector read rows off the socket
/// as they are consumed, so the server's result is streamed, not buffered by the client.
/// </summary>
internal sealed class RecordStream(AioConnection connection, string sql, object?[] args, int prefetch) : IAsyncEnumerable<Record>
{
    public async IAsyncEnumerator<Record> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        connection.EnterBusy();
        DbCommand? command = null;
        DbDataReader? reader = null;
        try
        {
            (command, reader) = await connection.RunHeldAsync(async (c, ct) =>
            {
                DbCommand cmd = Commands.Create(c, connection.Transaction, connection.Provider, sql, args);
                return (cmd, await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false));
            });
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DbDataReader open = reader;
                List<Record> batch = await connection.RunHeldAsync((_, ct) => Commands.ReadAsync(open, prefetch, ct));
                foreach (Record row in batch)
                {
                    yield return row;
                }

                if (batch.Count < prefetch)
                {
                    break;
                }
            }
        }
        finally
        {
            if (reader is not null && !connection.IsClosed)
            {
                DbDataReader open = reader;
                DbCommand cmd = command!;
                try
                {
                    // Closing a reader early drains the rest of the result; run it uncancellable, like any cleanup.
                    await connection.RunHeldAsync(async (_, _) =>
                    {
                        await open.DisposeAsync().ConfigureAwait(false);
                        await cmd.DisposeAsync().ConfigureAwait(false);
                        return true;
                    }, cancellable: false);
                }
                catch (DbException)
                {
                    // The connection is marked broken if it is; the stream's own error (if any) is the one that matters.
                }
            }

            connection.ExitBusy();
        }
    }
}
