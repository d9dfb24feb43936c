namespace Aio.Data;

/// <summary>
/// A pool of connections (asyncpg's <c>Pool</c>, aiomysql's): <see cref="AcquireAsync"/> hands out a
/// connection that <c>await using</c> gives back; at most <see cref="MaxSize"/> are open; waiting
/// acquirers are served first come, first served; connections are recycled after
/// <see cref="PoolOptions.MaxQueries"/> queries or <see cref="PoolOptions.MaxInactiveConnectionLifetime"/>
/// idle seconds; broken ones are discarded and replaced. Belongs to the loop it was created on.
/// See docs/design/data-pool.md.
/// </summary>
public sealed class AioPool : IAsyncDisposable
{
    private readonly DbUrl _url;
    private readonly PoolOptions _options;
    private readonly EventLoop _loop;
    private readonly LinkedList<Idle> _idle = new();
    private readonly LinkedList<Future<AioConnection?>> _waiters = new();
    private readonly HashSet<AioConnection> _leased = [];
    private Future<object?>? _drained;
    private int _opening;
    private bool _closing;
    private bool _closed;

    internal AioPool(DbUrl url, int minSize, int maxSize, PoolOptions options, EventLoop loop)
    {
        _url = url;
        MinSize = minSize;
        MaxSize = maxSize;
        _options = options;
        _loop = loop;
    }

    /// <summary>The fewest connections the pool keeps open once filled.</summary>
    public int MinSize { get; }

    /// <summary>The most connections the pool ever has open at once.</summary>
    public int MaxSize { get; }

    /// <summary>Connections open or being opened, idle or acquired (asyncpg's <c>get_size()</c>).</summary>
    public int Size => _idle.Count + _leased.Count + _opening;

    /// <summary>Idle connections ready to be acquired (asyncpg's <c>get_idle_size()</c>, aiomysql's <c>freesize</c>).</summary>
    public int FreeSize => _idle.Count;

    /// <summary>Acquirers waiting for a connection.</summary>
    public int Waiting => _waiters.Count(w => !w.IsDone);

    /// <summary>Whether <see cref="CloseAsync"/> or <see cref="Terminate"/> was called.</summary>
    public bool IsClosing => _closing;

    /// <summary>The provider of the pool's connections.</summary>
    public DbProvider Provider => _url.Provider;

    /// <summary>
    /// Takes a connection from the pool, opening one if there is room, otherwise waiting in line.
    /// <c>await using</c> the connection to release it.
    /// </summary>
    /// <param name="timeout">Seconds to wait (default <see cref="PoolOptions.AcquireTimeout"/>); <see cref="TimeoutException"/> after.</param>
    /// <exception cref="InterfaceError">The pool is closing.</exception>
    public async Coroutine<AioConnection> AcquireAsync(double? timeout = null)
    {
        CheckUsable();
        timeout ??= _options.AcquireTimeout;
        while (true)
        {
            AioConnection? connection;
            if (_waiters.Count == 0 && TakeIdle() is { } idle)
            {
                connection = idle;
            }
            else if (_waiters.Count == 0 && Size < MaxSize)
            {
                connection = null; // a slot: open a connection ourselves
                _opening++;
            }
            else
            {
                connection = await WaitInLineAsync(timeout);
            }

            if (connection is null)
            {
                connection = await OpenAsync();
            }

            if (await PrepareAsync(connection))
            {
                return connection;
            }
        }
    }

    /// <summary>Returns <paramref name="connection"/> to the pool: an open transaction is rolled back, the reset hook runs, and a broken or worn-out connection is replaced.</summary>
    /// <exception cref="InterfaceError">The connection does not belong to this pool or was already released.</exception>
    public async Coroutine ReleaseAsync(AioConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_leased.Remove(connection))
        {
            if (connection.Pool == this)
            {
                return; // released twice: the second is a no-op, as in asyncpg
            }

            throw new InterfaceError("ReleaseAsync: the connection does not belong to this pool");
        }

        bool keep = !_closing && !connection.IsClosed && !connection.IsBusy &&
                    (_options.MaxQueries <= 0 || connection.Queries < _options.MaxQueries);
        _opening++; // counted while being reset, so the pool never opens past MaxSize meanwhile
        try
        {
            if (keep)
            {
                keep = await ResetAsync(connection);
            }
        }
        finally
        {
            _opening--;
        }

        if (keep && !_closing)
        {
            HandOff(connection);
            return;
        }

        await DiscardAsync(connection);
    }

    /// <summary>Acquires a connection, runs <see cref="AioConnection.ExecuteAsync"/> and releases it.</summary>
    public async Coroutine<string> ExecuteAsync(string sql, params object?[] args)
    {
        await using AioConnection connection = await AcquireAsync();
        return await connection.ExecuteAsync(sql, args);
    }

    /// <summary>Acquires a connection, runs <see cref="AioConnection.FetchAsync"/> and releases it (asyncpg's <c>pool.fetch</c>).</summary>
    public async Coroutine<IReadOnlyList<Record>> FetchAsync(string sql, params object?[] args)
    {
        await using AioConnection connection = await AcquireAsync();
        return await connection.FetchAsync(sql, args);
    }

    /// <summary>Acquires a connection, runs <see cref="AioConnection.FetchRowAsync"/> and releases it.</summary>
    public async Coroutine<Record?> FetchRowAsync(string sql, params object?[] args)
    {
        await using AioConnection connection = await AcquireAsync();
        return await connection.FetchRowAsync(sql, args);
    }

    /// <summary>Acquires a connection, runs <see cref="AioConnection.FetchValAsync{T}"/> and releases it.</summary>
    public async Coroutine<T> FetchValAsync<T>(string sql, params object?[] args)
    {
        await using AioConnection connection = await AcquireAsync();
        return await connection.FetchValAsync<T>(sql, args);
    }

    /// <summary>
    /// Closes the pool gracefully (aiomysql's <c>close()</c> then <c>wait_closed()</c>, asyncpg's
    /// <c>close()</c>): no new acquires, waiting acquirers fail, idle connections close at once and
    /// acquired ones as they are released; returns when all are closed.
    /// </summary>
    public async Coroutine CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        BeginClosing();
        while (_idle.First is { } first)
        {
            _idle.RemoveFirst();
            first.Value.Timer?.Cancel();
            await CloseQuietlyAsync(first.Value.Connection);
        }

        if (_leased.Count + _opening > 0)
        {
            _drained = _loop.CreateFuture();
            await _drained;
        }

        _closed = true;
    }

    /// <summary>Closes every connection at once, acquired ones included (asyncpg's <c>terminate()</c>).</summary>
    public void Terminate()
    {
        BeginClosing();
        foreach (Idle idle in _idle)
        {
            idle.Timer?.Cancel();
            idle.Connection.Terminate();
        }

        _idle.Clear();
        foreach (AioConnection connection in _leased)
        {
            connection.Terminate();
        }

        _closed = true;
    }

    /// <summary>Closes the pool gracefully (<see cref="CloseAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await CloseAsync();

    /// <inheritdoc/>
    public override string ToString() => $"<AioPool {Provider} size={Size}/{MaxSize} free={FreeSize} waiting={Waiting}{(_closing ? " closing" : string.Empty)}>";

    internal async Coroutine FillAsync()
    {
        for (int i = Size; i < MinSize; i++)
        {
            _opening++;
            AioConnection connection = await OpenAsync();
            _leased.Remove(connection);
            HandOff(connection);
        }
    }

    /// <summary>Queues behind earlier acquirers; the result is a connection, or null for a free slot to open one in.</summary>
    private async Coroutine<AioConnection?> WaitInLineAsync(double? timeout)
    {
        Future<AioConnection?> turn = _loop.CreateFuture<AioConnection?>();
        LinkedListNode<Future<AioConnection?>> node = _waiters.AddLast(turn);
        try
        {
            return timeout is double seconds ? await Asyncio.WaitFor(turn, seconds) : await turn;
        }
        catch (Exception e) when (e is CancelledError or TimeoutException)
        {
            // Served just as we were cancelled: pass the connection (or the slot) on, never lose it.
            if (turn.IsDone && !turn.IsCancelled && turn.Exception is null)
            {
                if (turn.Result is { } handed)
                {
                    _leased.Add(handed);
                    await ReleaseAsync(handed);
                }
                else
                {
                    _opening--;
                    GrantSlot();
                }
            }

            if (e is TimeoutException)
            {
                throw new TimeoutException($"No connection became free in the pool ({Size}/{MaxSize} in use) within {timeout} s", e);
            }

            throw;
        }
        finally
        {
            if (node.List is not null)
            {
                _waiters.Remove(node);
            }
        }
    }

    /// <summary>Opens a connection in a slot already counted in <see cref="_opening"/>.</summary>
    private async Coroutine<AioConnection> OpenAsync()
    {
        AioConnection connection;
        try
        {
            connection = await AioDb.OpenAsync(_url);
            if (_options.Init is { } init)
            {
                try
                {
                    await init(connection);
                }
                catch
                {
                    await CloseQuietlyAsync(connection);
                    throw;
                }
            }
        }
        catch
        {
            _opening--;
            GrantSlot();
            CheckDrained();
            throw;
        }

        _opening--;
        connection.Pool = this;
        _leased.Add(connection);
        return connection;
    }

    /// <summary>Marks <paramref name="connection"/> acquired and runs the setup hook; false if it proved unusable (then it was discarded).</summary>
    private async Coroutine<bool> PrepareAsync(AioConnection connection)
    {
        _leased.Add(connection);
        if (_options.Setup is { } setup)
        {
            try
            {
                await setup(connection);
            }
            catch
            {
                await ReleaseAsync(connection);
                throw;
            }
        }

        if (connection.IsClosed)
        {
            _leased.Remove(connection);
            await DiscardAsync(connection);
            return false;
        }

        return true;
    }

    private AioConnection? TakeIdle()
    {
        while (_idle.First is { } first)
        {
            _idle.RemoveFirst();
            first.Value.Timer?.Cancel();
            if (!first.Value.Connection.IsClosed)
            {
                return first.Value.Connection;
            }
        }

        return null;
    }

    /// <summary>Gives a released connection to the first acquirer in line, or keeps it idle.</summary>
    private void HandOff(AioConnection connection)
    {
        while (_waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            if (first.Value.TrySetResult(connection))
            {
                _leased.Add(connection);
                return;
            }
        }

        var idle = new Idle(connection);
        LinkedListNode<Idle> node = _idle.AddLast(idle);
        if (_options.MaxInactiveConnectionLifetime > 0)
        {
            idle.Timer = _loop.CallLater(_options.MaxInactiveConnectionLifetime, () => Expire(node));
        }
    }

    /// <summary>A connection idle for too long is closed; the pool reopens lazily, as asyncpg does.</summary>
    private void Expire(LinkedListNode<Idle> node)
    {
        if (node.List is null)
        {
            return;
        }

        _idle.Remove(node);
        _ = _loop.CreateTask(CloseQuietlyAsync(node.Value.Connection));
    }

    /// <summary>A freed slot (a connection discarded) goes to the first acquirer in line, who opens a connection in it.</summary>
    private void GrantSlot()
    {
        while (Size < MaxSize && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            _opening++;
            if (first.Value.TrySetResult(null))
            {
                return;
            }

            _opening--;
        }
    }

    private async Coroutine<bool> ResetAsync(AioConnection connection)
    {
        try
        {
            while (connection.CurrentTransaction is { } tx)
            {
                await tx.RollbackAsync();
            }

            if (_options.Reset is { } reset)
            {
                await reset(connection);
            }

            return !connection.IsClosed;
        }
#pragma warning disable CA1031 // any failure of a reset discards the connection; the pool must go on
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private async Coroutine DiscardAsync(AioConnection connection)
    {
        await CloseQuietlyAsync(connection);
        GrantSlot();
        CheckDrained();
    }

    private static async Coroutine CloseQuietlyAsync(AioConnection connection)
    {
        try
        {
            await connection.CloseAsync();
        }
#pragma warning disable CA1031 // closing a broken connection may fail; it is gone either way
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void BeginClosing()
    {
        _closing = true;
        while (_waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            first.Value.TrySetException(new InterfaceError("the pool is closing"));
        }
    }

    private void CheckDrained()
    {
        if (_closing && _leased.Count + _opening == 0)
        {
            _drained?.TrySetResult(null);
        }
    }

    private void CheckUsable()
    {
        if (_closing)
        {
            throw new InterfaceError("the pool is closing");
        }

        if (!ReferenceEquals(Asyncio.GetRunningLoop(), _loop))
        {
            throw new InterfaceError("the pool belongs to another event loop");
        }
    }

    private sealed class Idle(AioConnection connection)
    {
        public AioConnection Connection { get; } = connection;

        public TimerHandle? Timer { get; set; }
    }
}
