using System.Data.Common;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Aio.Data;

public sealed partial class AioConnection
{
    private Dictionary<string, List<Action<Notification>>>? _listeners;
    private System.Collections.Concurrent.ConcurrentQueue<Notification>? _streamed;
    private volatile string? _streamChannel;

    /// <summary>
    /// Listens to <paramref name="channel"/> and calls <paramref name="callback"/> on the loop for each
    /// notification (asyncpg's <c>add_listener</c>). Notifications are read whenever the connection
    /// reads from the server: during any query, or while <see cref="ListenAsync"/> waits.
    /// </summary>
    /// <exception cref="NotSupportedException">The provider is not PostgreSQL.</exception>
    public async Coroutine AddListenerAsync(string channel, Action<Notification> callback)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(callback);
        NpgsqlConnection pg = RequirePostgres("LISTEN");
        _listeners ??= [];
        if (!_listeners.TryGetValue(channel, out List<Action<Notification>>? callbacks))
        {
            await ExecuteAsync("LISTEN " + QuoteIdentifier(channel));
            _listeners[channel] = callbacks = [];
            HookNotifications(pg);
        }

        callbacks.Add(callback);
    }

    /// <summary>Stops calling <paramref name="callback"/>; the last one removed for a channel ends the <c>LISTEN</c> (asyncpg's <c>remove_listener</c>).</summary>
    public async Coroutine RemoveListenerAsync(string channel, Action<Notification> callback)
    {
        if (_listeners is null || !_listeners.TryGetValue(channel, out List<Action<Notification>>? callbacks) || !callbacks.Remove(callback))
        {
            return;
        }

        if (callbacks.Count == 0)
        {
            _listeners.Remove(channel);
            if (!IsClosed && _streamChannel != channel)
            {
                await ExecuteAsync("UNLISTEN " + QuoteIdentifier(channel));
            }
        }
    }

    /// <summary>
    /// Listens to <paramref name="channel"/> and yields its notifications as they arrive, waiting on the
    /// server while none are queued (<c>await foreach</c>). The connection is busy while the loop waits:
    /// use one connection for listening. Leaving the loop ends the <c>LISTEN</c>; cancelling the task
    /// stops the wait.
    /// </summary>
    /// <exception cref="NotSupportedException">The provider is not PostgreSQL.</exception>
    public async IAsyncEnumerable<Notification> ListenAsync(string channel, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        NpgsqlConnection pg = RequirePostgres("LISTEN");
        await RunTextAsync("LISTEN " + QuoteIdentifier(channel), cancellable: true);
        HookNotifications(pg);
        _streamed = new System.Collections.Concurrent.ConcurrentQueue<Notification>();
        _streamChannel = channel;
        EnterBusy();
        try
        {
            while (true)
            {
                while (_streamed.TryDequeue(out Notification? n))
                {
                    yield return n;
                }

                cancellationToken.ThrowIfCancellationRequested();
                await RunHeldAsync(async (c, ct) =>
                {
                    await ((NpgsqlConnection)c).WaitAsync(ct).ConfigureAwait(false);
                    return true;
                });
            }
        }
        finally
        {
            ExitBusy();
            _streamed = null;
            _streamChannel = null;
            if (!IsClosed && _listeners?.ContainsKey(channel) != true)
            {
                await RunTextAsync("UNLISTEN " + QuoteIdentifier(channel), cancellable: false);
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="records"/> into <paramref name="table"/> (asyncpg's
    /// <c>copy_records_to_table</c>): PostgreSQL's binary <c>COPY ... FROM STDIN</c> through Npgsql;
    /// elsewhere one atomic batch of parameterised INSERTs. Returns <c>COPY n</c>.
    /// </summary>
    /// <param name="table">The table name (quoted as an identifier, never spliced raw).</param>
    /// <param name="records">The rows, each with one value per column.</param>
    /// <param name="columns">The columns the values go to, in order.</param>
    public async Coroutine<string> CopyRecordsToTableAsync(string table, IEnumerable<object?[]> records, IReadOnlyList<string> columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("Name at least one column", nameof(columns));
        }

        object?[][] rows = [.. records];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null || rows[i].Length != columns.Count)
            {
                throw new ArgumentException($"Row {i} has {rows[i]?.Length ?? 0} values for {columns.Count} columns", nameof(records));
            }
        }

        string target = QuoteIdentifier(table, Provider) + " (" + string.Join(", ", columns.Select(c => QuoteIdentifier(c, Provider))) + ")";
        if (Provider != DbProvider.PostgreSql)
        {
            string placeholders = string.Join(", ", Enumerable.Repeat(Provider == DbProvider.MySql ? "%s" : "?", columns.Count));
            await ExecuteManyCoreAsync($"INSERT INTO {target} VALUES ({placeholders})", rows);
            return $"COPY {rows.Length}";
        }

        ulong copied = await RunAsync(async (c, ct) =>
        {
            await using NpgsqlBinaryImporter importer = await ((NpgsqlConnection)c).BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false);
            foreach (object?[] row in rows)
            {
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                foreach (object? value in row)
                {
                    if (value is null)
                    {
                        await importer.WriteNullAsync(ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await importer.WriteAsync(value, ct).ConfigureAwait(false);
                    }
                }
            }

            return await importer.CompleteAsync(ct).ConfigureAwait(false);
        });
        return $"COPY {copied}";
    }

    /// <summary>Runs SQL built here from quoted identifiers only (no arguments), as a plain .NET task.</summary>
    private Task<int> RunTextAsync(string sql, bool cancellable) => RunAsync(
        async (c, ct) =>
        {
            await using DbCommand command = c.CreateCommand();
            command.CommandText = sql;
            command.Transaction = Transaction;
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        },
        cancellable);

    private NpgsqlConnection RequirePostgres(string feature) =>
        Db as NpgsqlConnection ?? throw new NotSupportedException($"{feature} is PostgreSQL's; this connection is {Provider}");

    private void HookNotifications(NpgsqlConnection pg)
    {
        if (_notificationsHooked)
        {
            return;
        }

        _notificationsHooked = true;
        EventLoop loop = Asyncio.GetRunningLoop();

        // Raised on whichever thread is reading (a thread-pool thread after an await). A ListenAsync
        // stream gets it queued right here, before the read that raised it completes, so the stream
        // finds it when it resumes; callbacks are handed to the loop.
        pg.Notification += (_, e) =>
        {
            var notification = new Notification(e.PID, e.Channel, e.Payload);
            if (_streamChannel == notification.Channel)
            {
                _streamed?.Enqueue(notification);
            }

            loop.CallSoonThreadsafe(() => Dispatch(notification));
        };
    }

    private bool _notificationsHooked;

    private void Dispatch(Notification notification)
    {
        if (_listeners?.TryGetValue(notification.Channel, out List<Action<Notification>>? callbacks) == true)
        {
            foreach (Action<Notification> callback in callbacks.ToArray())
            {
                callback(notification);
            }
        }
    }

    private static string QuoteIdentifier(string name, DbProvider provider = DbProvider.PostgreSql) => provider == DbProvider.MySql
        ? "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`"
        : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
