using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Aio.Data;

/// <summary>
/// A DB-API cursor (aiomysql's and aiopg's <c>Cursor</c>, aiosqlite's): <see cref="ExecuteAsync"/> runs a
/// statement and keeps its rows, <see cref="FetchOneAsync"/>, <see cref="FetchManyAsync"/> and
/// <see cref="FetchAllAsync"/> hand them out. Like aiomysql's default cursor it buffers the result;
/// use <see cref="AioConnection.StreamAsync"/> to stream a large one.
/// </summary>
public sealed class AioCursor : IAsyncDisposable
{
    private readonly AioConnection _connection;
    private List<Record> _rows = [];
    private int _next;
    private bool _closed;

    internal AioCursor(AioConnection connection) => _connection = connection;

    /// <summary>Rows the last statement returned or affected (DB-API's <c>rowcount</c>; -1 before any).</summary>
    public long RowCount { get; private set; } = -1;

    /// <summary>The id of the row the last INSERT added (DB-API's <c>lastrowid</c>); null where the provider has none (PostgreSQL).</summary>
    public long? LastRowId { get; private set; }

    /// <summary>The last result's columns (DB-API's <c>description</c>: name and .NET type), or null if it had none.</summary>
    public IReadOnlyList<(string Name, Type Type)>? Description { get; private set; }

    /// <summary>How many rows <see cref="FetchManyAsync"/> returns by default (DB-API's <c>arraysize</c>).</summary>
    public int ArraySize { get; set; } = 1;

    /// <summary>Runs <paramref name="sql"/> with bound <paramref name="args"/>; returns the rows affected (or returned).</summary>
    public async Coroutine<long> ExecuteAsync(string sql, params object?[] args)
    {
        CheckOpen();
        args ??= [];
        (List<Record> rows, int affected, long? lastId, (string, Type)[]? description) = await _connection.RunAsync(async (c, ct) =>
        {
            await using DbCommand command = Commands.Create(c, _connection.Transaction, _connection.Provider, sql, args);
            DbDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            List<Record> result;
            (string, Type)[]? columns = null;
            await using (reader.ConfigureAwait(false))
            {
                if (reader.FieldCount > 0)
                {
                    columns = new (string, Type)[reader.FieldCount];
                    for (int i = 0; i < columns.Length; i++)
                    {
                        columns[i] = (reader.GetName(i), reader.GetFieldType(i));
                    }
                }

                result = await Commands.ReadAsync(reader, -1, ct).ConfigureAwait(false);
            }

            long? id = columns is null ? await Commands.LastRowIdAsync(command, ct).ConfigureAwait(false) : null;
            return (result, reader.RecordsAffected, id, columns);
        });
        _rows = rows;
        _next = 0;
        Description = description;
        RowCount = description is null ? affected : rows.Count;
        if (lastId is not null)
        {
            LastRowId = lastId;
        }

        return RowCount;
    }

    /// <summary>Runs <paramref name="sql"/> once per argument row (DB-API's <c>executemany</c>); <see cref="RowCount"/> is the total.</summary>
    public async Coroutine<long> ExecuteManyAsync(string sql, IEnumerable<object?[]> args)
    {
        CheckOpen();
        ArgumentNullException.ThrowIfNull(args);
        object?[][] rows = [.. args];
        Commands.CheckRows(_connection.Provider, sql, rows);
        long total = 0;
        foreach (object?[] row in rows)
        {
            total += await ExecuteAsync(sql, row);
        }

        RowCount = total;
        return total;
    }

    /// <summary>Runs <paramref name="sql"/> once per tuple (DB-API's <c>executemany</c> with a list of tuples).</summary>
    public Coroutine<long> ExecuteManyAsync(string sql, IEnumerable<ITuple> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return ExecuteManyAsync(sql, args.Select(t => Enumerable.Range(0, t.Length).Select(i => t[i]).ToArray()));
    }

    /// <summary>The next row, or null when there are no more (DB-API's <c>fetchone()</c>).</summary>
    public async Coroutine<Record?> FetchOneAsync()
    {
        CheckOpen();
        await Asyncio.Sleep(0);
        return _next < _rows.Count ? _rows[_next++] : null;
    }

    /// <summary>The next <paramref name="size"/> rows (default <see cref="ArraySize"/>), fewer at the end (DB-API's <c>fetchmany(n)</c>).</summary>
    public async Coroutine<IReadOnlyList<Record>> FetchManyAsync(int? size = null)
    {
        CheckOpen();
        int n = size ?? ArraySize;
        ArgumentOutOfRangeException.ThrowIfNegative(n, nameof(size));
        await Asyncio.Sleep(0);
        List<Record> rows = _rows.GetRange(_next, Math.Min(n, _rows.Count - _next));
        _next += rows.Count;
        return rows;
    }

    /// <summary>The remaining rows (DB-API's <c>fetchall()</c>).</summary>
    public async Coroutine<IReadOnlyList<Record>> FetchAllAsync()
    {
        CheckOpen();
        await Asyncio.Sleep(0);
        List<Record> rows = _rows.GetRange(_next, _rows.Count - _next);
        _next = _rows.Count;
        return rows;
    }

    /// <summary>The remaining rows as dictionaries of column name to value (aiomysql's <c>DictCursor.fetchall()</c>).</summary>
    public async Coroutine<IReadOnlyList<IReadOnlyDictionary<string, object?>>> FetchAllDictsAsync() =>
        [.. (await FetchAllAsync()).Select(r => r.ToDictionary())];

    /// <summary>Closes the cursor, dropping rows not fetched.</summary>
    public ValueTask DisposeAsync()
    {
        _closed = true;
        _rows = [];
        return default;
    }

    private void CheckOpen()
    {
        if (_closed)
        {
            throw new InterfaceError("cursor is closed");
        }
    }
}
