using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Aio.Data;

/// <summary>
/// A database connection on the loop (asyncpg's <c>Connection</c>, aiomysql's and aiopg's, aiosqlite's):
/// <see cref="ExecuteAsync"/>, <see cref="FetchAsync"/>, <see cref="FetchRowAsync"/>,
/// <see cref="FetchValAsync{T}"/>, <see cref="StreamAsync"/>, <see cref="PrepareAsync"/>,
/// DB-API cursors (<see cref="Cursor"/>) and transactions. Parameters are always bound, in the Python
/// library's style for the provider: <c>$1</c> for PostgreSQL, <c>?</c> for SQLite, <c>%s</c> for MySQL.
/// </summary>
/// <remarks>
/// One operation at a time, as in asyncpg: a second one while the first is in progress raises
/// <see cref="InterfaceError"/>. Cancelling the awaiting task (directly, by <c>WaitFor</c>/<c>Timeout</c>
/// or a failing <c>TaskGroup</c>) cancels the query on the server and raises <see cref="CancelledError"/>.
/// Created by <see cref="AioDb.ConnectAsync(string, DbProvider?)"/> (then <c>await using</c> closes it)
/// or by a pool's <see cref="AioPool.AcquireAsync"/> (then <c>await using</c> releases it to the pool).
/// </remarks>
public sealed partial class AioConnection : IAsyncDisposable
{
    private readonly DbSession _session;
    private bool _busy;
    private bool _closed;
    private bool _autocommit = true;

    internal AioConnection(DbSession session, DbProvider provider)
    {
        _session = session;
        Provider = provider;
    }

    /// <summary>The database engine behind the connection.</summary>
    public DbProvider Provider { get; }

    /// <summary>Whether the connection was closed (or found broken).</summary>
    public bool IsClosed => _closed || Broken;

    /// <summary>
    /// Whether each statement commits on its own (the default, as asyncpg and aiosqlite's isolation
    /// level None). Set false for DB-API behaviour (aiomysql, aiopg's default): the first statement
    /// begins a transaction that <see cref="CommitAsync"/> or <see cref="RollbackAsync"/> ends.
    /// </summary>
    public bool Autocommit
    {
        get => _autocommit;
        set
        {
            if (value == _autocommit)
            {
                return;
            }

            if (value && Transaction is not null)
            {
                throw new InterfaceError("Commit or roll back the open transaction before switching autocommit on");
            }

            _autocommit = value;
        }
    }

    /// <summary>Whether a transaction is open on the connection.</summary>
    public bool InTransaction => Transaction is not null;

    /// <summary>The pool the connection belongs to, when it was acquired from one.</summary>
    internal AioPool? Pool { get; set; }

    /// <summary>Queries run since the connection was opened (for the pool's <c>maxQueries</c>).</summary>
    internal int Queries { get; private set; }

    /// <summary>An error showed the connection unusable: the pool discards it.</summary>
    internal bool Broken { get; private set; }

    /// <summary>The open ADO.NET transaction (outermost), which every command must carry.</summary>
    internal DbTransaction? Transaction { get; set; }

    /// <summary>The innermost open <see cref="AioTransaction"/> (savepoints nest inside it).</summary>
    internal AioTransaction? CurrentTransaction { get; set; }

    internal DbConnection Db => _session.Connection;

    /// <summary>Runs <c>ExecuteNonQuery</c>: returns the command's status (<c>INSERT 0 1</c>, <c>UPDATE 2</c>, <c>CREATE TABLE</c>), as asyncpg does.</summary>
    public async Coroutine<string> ExecuteAsync(string sql, params object?[] args)
    {
        args ??= [];
        int rows = await RunAsync((c, ct) => WithCommandAsync(c, sql, args, 0, static (command, _, t) => command.ExecuteNonQueryAsync(t), ct));
        return Commands.Status(sql, rows);
    }

    /// <summary>Runs <paramref name="sql"/> once per argument row, atomically (inside a transaction of its own if none is open), as asyncpg's <c>executemany</c>.</summary>
    public async Coroutine ExecuteManyAsync(string sql, IEnumerable<object?[]> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        await ExecuteManyCoreAsync(sql, [.. args]);
    }

    /// <summary>Runs <paramref name="sql"/> once per tuple (<c>[(1, "apple"), (2, "pear")]</c>), as asyncpg's <c>executemany</c>.</summary>
    public async Coroutine ExecuteManyAsync(string sql, IEnumerable<ITuple> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        await ExecuteManyCoreAsync(sql, [.. args.Select(ToArray)]);
    }

    /// <summary>Runs the query and returns every row (asyncpg's <c>fetch</c>).</summary>
    public async Coroutine<IReadOnlyList<Record>> FetchAsync(string sql, params object?[] args)
    {
        args ??= [];
        return await RunAsync((c, ct) => FetchCoreAsync(c, sql, args, -1, ct));
    }

    /// <summary>Runs the query and returns its first row, or null if there is none (asyncpg's <c>fetchrow</c>).</summary>
    public async Coroutine<Record?> FetchRowAsync(string sql, params object?[] args)
    {
        args ??= [];
        List<Record> rows = await RunAsync((c, ct) => FetchCoreAsync(c, sql, args, 1, ct));
        return rows.Count > 0 ? rows[0] : null;
    }

    /// <summary>Runs the query and returns the first column of its first row, or default if there is no row (asyncpg's <c>fetchval</c>).</summary>
    public async Coroutine<T> FetchValAsync<T>(string sql, params object?[] args)
    {
        args ??= [];
        (bool found, object? value, string? column) = await RunAsync((c, ct) => WithCommandAsync(c, sql, args, 0, static (command, _, t) => FirstValueAsync(command, t), ct));
        return found ? Record.Convert<T>(value, column!) : default!;
    }

    private Task<List<Record>> FetchCoreAsync(DbConnection connection, string sql, object?[] args, int limit, CancellationToken cancellationToken) =>
        WithCommandAsync(connection, sql, args, limit, static (command, max, t) => Commands.FetchAsync(command, max, t), cancellationToken);

    /// <summary>One value, not a record: no schema, row or list is built for it.</summary>
    private static async Task<(bool Found, object? Value, string? Column)> FirstValueAsync(DbCommand command, CancellationToken cancellationToken)
    {
        DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (reader.FieldCount > 0 && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                object v = reader.GetValue(0);
                return (true, v is DBNull ? null : v, reader.GetName(0));
            }
        }

        return (false, null, null);
    }

    /// <summary>
    /// Streams the query's rows with <c>await foreach</c> without holding them all (asyncpg's
    /// <c>async for r in conn.cursor(...)</c>): rows are read <paramref name="prefetch"/> at a time as
    /// the loop consumes them. The connection is busy until the enumeration ends.
    /// </summary>
    public IAsyncEnumerable<Record> StreamAsync(string sql, object?[]? args = null, int prefetch = 50)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, 1);
        return new RecordStream(this, sql, args ?? [], prefetch);
    }

    /// <summary>Prepares <paramref name="sql"/> once for repeated runs with different arguments (asyncpg's <c>prepare</c>).</summary>
    public async Coroutine<PreparedStatement> PrepareAsync(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        CheckOpen();
        await Asyncio.Sleep(0);
        return new PreparedStatement(this, sql);
    }

    /// <summary>A DB-API cursor (aiomysql's and aiopg's <c>conn.cursor()</c>); <c>await using</c> closes it.</summary>
    public AioCursor Cursor() => new(this);

    /// <summary>Commits the open transaction, if any (DB-API's <c>commit()</c>; nothing to do in autocommit mode).</summary>
    public async Coroutine CommitAsync()
    {
        if (CurrentTransaction is { } tx)
        {
            while (tx.Parent is { } parent)
            {
                tx = parent;
            }

            await tx.CommitAsync();
        }
    }

    /// <summary>Rolls back the open transaction, if any (DB-API's <c>rollback()</c>).</summary>
    public async Coroutine RollbackAsync()
    {
        if (CurrentTransaction is { } tx)
        {
            while (tx.Parent is { } parent)
            {
                tx = parent;
            }

            await tx.RollbackAsync();
        }
    }

    /// <summary>
    /// Begins a transaction, or a savepoint inside the open one (asyncpg's <c>conn.transaction()</c>).
    /// <c>await using</c> it and call <see cref="AioTransaction.CommitAsync"/> at the end of the block:
    /// leaving it without a commit (an exception, a cancellation) rolls back. The overload taking a
    /// body commits when the body returns, as <c>async with conn.transaction():</c> does.
    /// </summary>
    public async Coroutine<AioTransaction> TransactionAsync(IsolationLevel isolation = IsolationLevel.Unspecified, bool readOnly = false)
    {
        CheckOpen();
        var tx = new AioTransaction(this, CurrentTransaction);
        await RunAsync((c, ct) => tx.BeginAsync(c, isolation, readOnly, ct), cancellable: true);
        return tx;
    }

    /// <summary>
    /// Runs <paramref name="body"/> in a transaction (a savepoint when nested): commits when it
    /// returns, rolls back when it throws or its task is cancelled, as <c>async with conn.transaction():</c>.
    /// </summary>
    public async Coroutine TransactionAsync(Func<AioTransaction, Coroutine> body, IsolationLevel isolation = IsolationLevel.Unspecified, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        AioTransaction tx = await TransactionAsync(isolation, readOnly);
        await using (tx)
        {
            await body(tx);
            await tx.CommitAsync();
        }
    }

    /// <summary>Closes the connection (or, for one acquired from a pool, releases it back to the pool).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Pool is { } pool)
        {
            await pool.ReleaseAsync(this);
            return;
        }

        await CloseAsync();
    }

    /// <summary>Closes the connection: an open transaction is rolled back by the server.</summary>
    public async Coroutine CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        Transaction = null;
        CurrentTransaction = null;
        DropReusableCommand();
        await _session.CloseAsync();
    }

    /// <summary>Closes the connection at once, without waiting for the operation in progress (asyncpg's <c>terminate()</c>).</summary>
    public void Terminate()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _ = _session.CloseAsync();
    }

    /// <inheritdoc/>
    public override string ToString() => $"<AioConnection {Provider}{(IsClosed ? " closed" : _busy ? " busy" : string.Empty)}>";

    private async Task ExecuteManyCoreAsync(string sql, object?[][] rows)
    {
        ArgumentNullException.ThrowIfNull(sql);
        Commands.CheckRows(Provider, sql, rows);
        await RunAsync(async (c, ct) =>
        {
            DbTransaction? own = Transaction is null ? await c.BeginTransactionAsync(ct).ConfigureAwait(false) : null;
            try
            {
                await using DbCommand command = Commands.Create(c, own ?? Transaction, Provider, sql, rows.Length > 0 ? rows[0] : []);
                int total = 0;
                for (int i = 0; i < rows.Length; i++)
                {
                    if (i > 0)
                    {
                        Commands.Bind(command, Provider, rows[i]);
                    }

                    total += await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                if (own is not null)
                {
                    await own.CommitAsync(ct).ConfigureAwait(false);
                }

                return total;
            }
            finally
            {
                if (own is not null)
                {
                    await own.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
    }

    private static object?[] ToArray(ITuple tuple)
    {
        var values = new object?[tuple.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = tuple[i];
        }

        return values;
    }
}
