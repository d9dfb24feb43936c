using System.Data.Common;

namespace Aio.Data;

/// <summary>
/// A statement prepared on its connection (asyncpg's <c>PreparedStatement</c>): the server parses and
/// plans it once, on first use, and each call binds new arguments.
/// </summary>
public sealed class PreparedStatement : IAsyncDisposable
{
    private readonly AioConnection _connection;
    private DbCommand? _command;

    internal PreparedStatement(AioConnection connection, string sql)
    {
        _connection = connection;
        Sql = sql;
    }

    /// <summary>The statement's SQL, as given.</summary>
    public string Sql { get; }

    /// <summary>Runs the statement and returns its status (asyncpg's <c>PreparedStatement</c> via <c>executemany</c>/<c>execute</c>).</summary>
    public async Coroutine<string> ExecuteAsync(params object?[] args)
    {
        int rows = await _connection.RunAsync(async (c, ct) =>
        {
            DbCommand command = await CommandAsync(c, args ?? [], ct).ConfigureAwait(false);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        });
        return Commands.Status(Sql, rows);
    }

    /// <summary>Runs the statement and returns every row (asyncpg's <c>stmt.fetch(...)</c>).</summary>
    public async Coroutine<IReadOnlyList<Record>> FetchAsync(params object?[] args) =>
        await _connection.RunAsync(async (c, ct) =>
        {
            DbCommand command = await CommandAsync(c, args ?? [], ct).ConfigureAwait(false);
            return await Commands.FetchAsync(command, -1, ct).ConfigureAwait(false);
        });

    /// <summary>Runs the statement and returns its first row, or null (asyncpg's <c>stmt.fetchrow(...)</c>).</summary>
    public async Coroutine<Record?> FetchRowAsync(params object?[] args)
    {
        List<Record> rows = await _connection.RunAsync(async (c, ct) =>
        {
            DbCommand command = await CommandAsync(c, args ?? [], ct).ConfigureAwait(false);
            return await Commands.FetchAsync(command, 1, ct).ConfigureAwait(false);
        });
        return rows.Count > 0 ? rows[0] : null;
    }

    /// <summary>Runs the statement and returns the first column of its first row (asyncpg's <c>stmt.fetchval(...)</c>).</summary>
    public async Coroutine<T> FetchValAsync<T>(params object?[] args)
    {
        Record? row = await FetchRowAsync(args);
        return row is null ? default! : row.Get<T>(0);
    }

    /// <summary>Releases the server-side statement.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_command is { } command && !_connection.IsClosed && !_connection.IsBusy)
        {
            _command = null;
            await _connection.RunAsync(async (_, _) =>
            {
                await command.DisposeAsync().ConfigureAwait(false);
                return true;
            }, cancellable: false);
        }
    }

    private async Task<DbCommand> CommandAsync(DbConnection connection, object?[] args, CancellationToken cancellationToken)
    {
        if (_command is { } command && command.Parameters.Count == args.Length)
        {
            command.Transaction = _connection.Transaction;
            Commands.Bind(command, _connection.Provider, args);
            return command;
        }

        if (_command is not null)
        {
            await _command.DisposeAsync().ConfigureAwait(false);
        }

        _command = Commands.Create(connection, _connection.Transaction, _connection.Provider, Sql, args);
        await _command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return _command;
    }
}
