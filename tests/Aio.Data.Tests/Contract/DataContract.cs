using System.Data;
using Aio.Python;

namespace Aio.Data.Tests.Contract;

/// <summary>
/// The behaviour every provider must show, run once per provider by the subclasses (SQLite always;
/// PostgreSQL and MariaDB when .ci/setup-data.sh has started them, otherwise skipped with the reason).
/// Each test uses tables of its own, so the suites may run side by side against one server.
/// </summary>
public abstract class DataContract : IDisposable
{
    private static int s_tables;

    protected DataContract()
    {
        Table = $"aio_t{Environment.ProcessId}_{Interlocked.Increment(ref s_tables)}";
    }

    /// <summary>The database URL, or null when the server is absent.</summary>
    protected abstract string? Url { get; }

    protected abstract string SkipReason { get; }

    protected abstract DbProvider Provider { get; }

    /// <summary>A query that runs for about <paramref name="seconds"/> on the server (or, for SQLite, far longer than any test).</summary>
    protected abstract string SleepSql(int seconds);

    /// <summary>A table name no other test uses.</summary>
    protected string Table { get; }

    /// <summary>The n-th (1-based) placeholder in the provider's Python style: $1, ?, %s.</summary>
    protected string P(int n) => Provider switch
    {
        DbProvider.PostgreSql => "$" + n,
        DbProvider.Sqlite => "?",
        _ => "%s",
    };

    protected string Url_ => Url ?? throw new InvalidOperationException(SkipReason);

    public virtual void Dispose()
    {
        if (Url is not null)
        {
            try
            {
                Asyncio.Run(DropAsync());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"cleanup of {Table}: {e.Message}");
            }
        }

        GC.SuppressFinalize(this);
    }

    private async Coroutine DropAsync()
    {
        await using AioConnection c = await AioDb.ConnectAsync(Url!);
        await c.ExecuteAsync($"DROP TABLE IF EXISTS {Table}");
    }

    protected void Run(Func<AioConnection, Coroutine> body)
    {
        Skip.If(Url is null, SkipReason);
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            await using AioConnection conn = await AioDb.ConnectAsync(Url!);
            await body(conn);
        }
    }

    protected void RunPool(int minSize, int maxSize, Func<AioPool, Coroutine> body, PoolOptions? options = null)
    {
        Skip.If(Url is null, SkipReason);
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            AioPool pool = await AioDb.CreatePoolAsync(Url!, minSize, maxSize, options);
            try
            {
                await body(pool);
            }
            finally
            {
                pool.Terminate();
            }
        }
    }

    private async Coroutine CreateFruitAsync(AioConnection c)
    {
        await c.ExecuteAsync($"CREATE TABLE {Table} (id INTEGER, name VARCHAR(100))");
        await c.ExecuteManyAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", [(1, "apple"), (2, "pear")]);
    }

    [SkippableFact]
    public void FetchVal_BindsParameterInTheProvidersPythonStyle() => Run(async c =>
    {
        Assert.Equal(42L, await c.FetchValAsync<long>($"SELECT {P(1)} + 1", 41));
        Assert.Equal("x", await c.FetchValAsync<string>($"SELECT {P(1)}", "x"));
        Assert.Null(await c.FetchValAsync<string?>($"SELECT {P(1)}", [null]));
    });

    [SkippableFact]
    public void Fetch_RecordsHaveIndexAndNameAccessAndPythonRepr() => Run(async c =>
    {
        await CreateFruitAsync(c);
        IReadOnlyList<Record> rows = await c.FetchAsync($"SELECT id, name FROM {Table} ORDER BY id");
        Assert.Equal("[(1, 'apple'), (2, 'pear')]", PyFormat.Repr(rows));
        Assert.Equal("apple", rows[0]["name"]);
        Assert.Equal("pear", rows[1][1]);
        Assert.Equal(2, rows[1].Get<int>("id"));
        Assert.Equal(["id", "name"], rows[0].Keys);
        Assert.Equal("(42,)", PyFormat.Repr(await c.FetchRowAsync("SELECT 42")));
        Assert.Null(await c.FetchRowAsync($"SELECT id FROM {Table} WHERE id = {P(1)}", 99));
        Assert.Throws<KeyNotFoundException>(() => rows[0]["missing"]);
    });

    [SkippableFact]
    public void Parameters_InjectionAttemptsAreStoredLiterally() => Run(async c =>
    {
        await CreateFruitAsync(c);
        string evil = $"x'); DROP TABLE {Table}; -- ? %s $1";
        await c.ExecuteAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", 3, evil);
        Assert.Equal(evil, await c.FetchValAsync<string>($"SELECT name FROM {Table} WHERE id = {P(1)}", 3));
        Assert.Equal(3L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));
    });

    [SkippableFact]
    public void Placeholders_InsideStringLiteralsAndCommentsStayText() => Run(async c =>
    {
        // aiomysql formats the whole query with Python's %, so %% is a % there, also inside quotes.
        string literal = Provider == DbProvider.MySql ? "'a?b %%s'" : "'a?b %s'";
        Record? row = await c.FetchRowAsync($"SELECT {literal} /* ? %s */, {P(1)} -- ? %s\n", 7);
        Assert.Equal("a?b %s", row![0]);
        Assert.Equal(7L, row.Get<long>(1));
    });

    [SkippableFact]
    public void Parameters_WrongCountIsAClearError() => Run(async c =>
    {
        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(async () => await c.FetchValAsync<long>($"SELECT {P(1)} + {P(2)}", 1));
        Assert.Contains("2 placeholders", e.Message, StringComparison.Ordinal);
        Assert.Contains("but 1 argument was given", e.Message, StringComparison.Ordinal);

        Assert.Equal(1L, await c.FetchValAsync<long>("SELECT 1"));
    });

    [SkippableFact]
    public void Execute_ReturnsStatusAndExecuteManyIsAtomic() => Run(async c =>
    {
        await CreateFruitAsync(c);
        Assert.Equal("INSERT 0 1", await c.ExecuteAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", 3, "fig"));
        Assert.Equal("UPDATE 3", await c.ExecuteAsync($"UPDATE {Table} SET name = {P(1)}", "z"));

        // A short row is refused before anything runs.
        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await c.ExecuteManyAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", new object?[][] { [10, "a"], [11] }));
        Assert.Contains("in row 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(3L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));

        // A row the server refuses (NULL into NOT NULL) undoes the rows before it.
        await c.ExecuteAsync($"CREATE TABLE {Table}_nn (id INTEGER NOT NULL)");
        try
        {
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(async () =>
                await c.ExecuteManyAsync($"INSERT INTO {Table}_nn VALUES ({P(1)})", new object?[][] { [1], [2], [null] }));
            Assert.Equal(0L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}_nn"));
        }
        finally
        {
            await c.ExecuteAsync($"DROP TABLE {Table}_nn");
        }
    });

    [SkippableFact]
    public void Cursor_DbApiFetchOneManyAllRowCountDescription() => Run(async c =>
    {
        await CreateFruitAsync(c);
        await using AioCursor cur = c.Cursor();
        Assert.Equal(1, await cur.ExecuteAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", 3, "fig"));
        if (Provider != DbProvider.PostgreSql)
        {
            Assert.NotNull(cur.LastRowId);
        }

        await cur.ExecuteAsync($"SELECT id, name FROM {Table} ORDER BY id");
        Assert.Equal(3, cur.RowCount);
        Assert.Equal(["id", "name"], cur.Description!.Select(d => d.Name));
        Assert.Equal("(1, 'apple')", PyFormat.Repr(await cur.FetchOneAsync()));
        Assert.Equal("[(2, 'pear')]", PyFormat.Repr(await cur.FetchManyAsync(1)));
        Assert.Equal("[(3, 'fig')]", PyFormat.Repr(await cur.FetchAllAsync()));
        Assert.Null(await cur.FetchOneAsync());
        await cur.ExecuteAsync($"SELECT name FROM {Table} WHERE id = {P(1)}", 2);
        Assert.Equal("pear", (await cur.FetchAllDictsAsync())[0]["name"]);
    });

    [SkippableFact]
    public void Stream_YieldsEveryRowInBatchesAndFreesTheConnectionOnBreak() => Run(async c =>
    {
        await c.ExecuteAsync($"CREATE TABLE {Table} (id INTEGER, name VARCHAR(100))");
        await c.ExecuteManyAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", Enumerable.Range(0, 500).Select(i => new object?[] { i, "n" + i }));
        long sum = 0;
        int count = 0;
        await foreach (Record r in c.StreamAsync($"SELECT id FROM {Table} ORDER BY id", prefetch: 64))
        {
            sum += r.Get<long>(0);
            count++;
        }

        Assert.Equal(500, count);
        Assert.Equal(499L * 500 / 2, sum);

        await foreach (Record r in c.StreamAsync($"SELECT id FROM {Table} ORDER BY id", prefetch: 10))
        {
            await Assert.ThrowsAsync<InterfaceError>(async () => await c.FetchValAsync<long>("SELECT 1"));
            if (r.Get<long>(0) == 15)
            {
                break;
            }
        }

        Assert.Equal(1L, await c.FetchValAsync<long>("SELECT 1"));
    });

    [SkippableFact]
    public void Prepare_RunsOneStatementWithManyArguments() => Run(async c =>
    {
        await CreateFruitAsync(c);
        await using PreparedStatement stmt = await c.PrepareAsync($"SELECT name FROM {Table} WHERE id = {P(1)}");
        Assert.Equal("apple", await stmt.FetchValAsync<string>(1));
        Assert.Equal("pear", await stmt.FetchValAsync<string>(2));
        Assert.Empty(await stmt.FetchAsync(3));
    });

    [SkippableFact]
    public void SecondOperationWhileOneIsInProgress_IsAnInterfaceError() => Run(async c =>
    {
        AioTask<IReadOnlyList<Record>> first = Asyncio.CreateTask(c.FetchAsync(SleepSql(30)));
        while (!c.IsBusyForTests())
        {
            await Asyncio.Sleep(0.01);
        }

        await Assert.ThrowsAsync<InterfaceError>(async () => await c.FetchValAsync<long>("SELECT 2"));
        first.Cancel();
        await Assert.ThrowsAsync<CancelledError>(async () => await first);
        Assert.Equal(1L, await c.FetchValAsync<long>("SELECT 1"));
    });

    [SkippableFact]
    public void Transaction_CommitsWhenTheBodyReturnsAndRollsBackWhenItThrows() => Run(async c =>
    {
        await CreateFruitAsync(c);
        await c.TransactionAsync(async _ => await c.ExecuteAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", 3, "fig"));
        await Assert.ThrowsAsync<InvalidTimeZoneException>(async () => await c.TransactionAsync(async _ =>
        {
            await c.ExecuteAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", 4, "kiwi");
            throw new InvalidTimeZoneException("boom");
        }));
        Assert.False(c.InTransaction);
        Assert.Equal("[(1,), (2,), (3,)]", PyFormat.Repr(await c.FetchAsync($"SELECT id FROM {Table} ORDER BY id")));
    });

    /// <summary>
    /// The <c>await using</c> form: C#'s <c>await using</c> cannot see whether an exception is
    /// passing, so only an explicit <see cref="AioTransaction.CommitAsync"/> commits; leaving the block
    /// any other way (no commit, an exception, a cancellation) rolls back. Never a commit while an
    /// exception propagates.
    /// </summary>
    [SkippableFact]
    public void Transaction_AwaitUsingForm_CommitsOnlyOnCommitAsync() => Run(async c =>
    {
        await CreateFruitAsync(c);
        await using (AioTransaction tx = await c.TransactionAsync())
        {
            await c.ExecuteAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", 3, "fig");
            await tx.CommitAsync();
            Assert.False(tx.IsActive);
        }

        await using (AioTransaction tx = await c.TransactionAsync())
        {
            await c.ExecuteAsync($"DELETE FROM {Table}");
        }

        Assert.False(c.InTransaction);
        Assert.Equal(3L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));

        await Assert.ThrowsAsync<InvalidTimeZoneException>(async () =>
        {
            await using AioTransaction tx = await c.TransactionAsync();
            await c.ExecuteAsync($"DELETE FROM {Table}");
            throw new InvalidTimeZoneException("boom");
        });
        Assert.False(c.InTransaction);
        Assert.Equal(3L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));

        var deleted = new AioEvent();
        async Coroutine Cancelled()
        {
            await using AioTransaction tx = await c.TransactionAsync();
            await c.ExecuteAsync($"DELETE FROM {Table}");
            deleted.Set();
            await Asyncio.Sleep(3600);
            await tx.CommitAsync();
        }

        AioTask task = Asyncio.CreateTask(Cancelled());
        await deleted.WaitAsync();
        task.Cancel();
        await Assert.ThrowsAsync<CancelledError>(async () => await task);
        Assert.False(c.InTransaction);
        Assert.Equal(3L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));
    });

    [SkippableFact]
    public void Transaction_BodyForm_RollsBackWhenTheBodyThrowsAfterItsLastQuery() => Run(async c =>
    {
        // The body form commits only after the body returned: an exception raised after the body's
        // last statement (nothing pending on the server) still rolls back.
        await CreateFruitAsync(c);
        await Assert.ThrowsAsync<InvalidTimeZoneException>(async () => await c.TransactionAsync(async tx =>
        {
            await c.ExecuteAsync($"DELETE FROM {Table}");
            Assert.True(tx.IsActive);
            throw new InvalidTimeZoneException("after the last statement");
        }));
        Assert.Equal(2L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));
    });

    [SkippableFact]
    public void Transaction_NestedIsASavepoint() => Run(async c =>
    {
        await CreateFruitAsync(c);
        await c.TransactionAsync(async outer =>
        {
            await c.ExecuteAsync($"INSERT INTO {Table} VALUES ({P(1)}, {P(2)})", 3, "fig");
            await Assert.ThrowsAsync<InvalidTimeZoneException>(async () => await c.TransactionAsync(async inner =>
            {
                Assert.True(inner.IsSavepoint);
                await c.ExecuteAsync($"DELETE FROM {Table}");
                throw new InvalidTimeZoneException();
            }));
            Assert.Equal(3L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));
        });
        Assert.Equal(3L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));
    });

    [SkippableFact]
    public void Transaction_RollsBackWhenTheTaskIsCancelledAtAnAioAwait() => Run(async c =>
    {
        await CreateFruitAsync(c);
        AioTask body = Asyncio.CreateTask(c.TransactionAsync(async _ =>
        {
            await c.ExecuteAsync($"DELETE FROM {Table}");
            await Asyncio.Sleep(3600);
        }));
        while (!c.InTransaction || c.IsBusyForTests())
        {
            await Asyncio.Sleep(0.01);
        }

        await Asyncio.Sleep(0.05);
        body.Cancel();
        await Assert.ThrowsAsync<CancelledError>(async () => await body);
        Assert.False(c.InTransaction);
        Assert.Equal(2L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));
    });

    [SkippableFact]
    public void Transaction_RollsBackWhenATimeoutCancelsAQueryInside() => Run(async c =>
    {
        await CreateFruitAsync(c);
        await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(c.TransactionAsync(async _ =>
        {
            await c.ExecuteAsync($"DELETE FROM {Table}");
            await c.FetchAsync(SleepSql(30));
        }), 0.3));
        Assert.False(c.InTransaction);
        Assert.Equal(2L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));
    });

    [SkippableFact]
    public void WaitFor_CancelsTheQueryOnTheServer_AndTheConnectionStaysUsable() => Run(async c =>
    {
        // The sleep would outlast any test run: the server can only show the session idle again,
        // with the sleep as its last statement, if the cancel reached it.
        object session = await SessionIdAsync(c);
        await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(c.FetchAsync(SleepSql(LongSleep)), 0.3));
        Assert.False(c.IsClosed);
        Assert.False(c.InTransaction);
        await CheckCutOnServerAsync(session, SleepSql(LongSleep));
        Assert.Equal(1L, await c.FetchValAsync<long>("SELECT 1"));
        await CheckSessionIdleAsync(c);
    });

    /// <summary>Seconds of a sleep that no test run lasts: only a server-side cancel ends it.</summary>
    protected const int LongSleep = 3600;

    /// <summary>The server's id of the connection's session (backend pid, connection id), or null where there is no server.</summary>
    protected virtual async Coroutine<object> SessionIdAsync(AioConnection c)
    {
        await Asyncio.Sleep(0);
        return 0;
    }

    /// <summary>
    /// Seen from a second connection, the session <paramref name="session"/> is no longer running
    /// <paramref name="sql"/>: the query was cut on the server, and nothing is left pending.
    /// </summary>
    protected virtual Coroutine CheckCutOnServerAsync(object session, string sql) => Asyncio.Sleep(0).AsCoroutine();

    /// <summary>The server sees the connection's session idle (no query left running).</summary>
    protected virtual Coroutine CheckSessionIdleAsync(AioConnection c) => Asyncio.Sleep(0).AsCoroutine();

    [SkippableFact]
    public void LoopStaysResponsiveDuringALongQuery() => Run(async c =>
    {
        // A ticker on the loop counts its ticks while the query is still in flight; after five it
        // cancels the query itself. So the query ends only because the loop kept running while it
        // was on the server: a blocked loop would let the query run to its end (30 s) with no tick.
        int ticks = 0;
        AioTask<IReadOnlyList<Record>> query = Asyncio.CreateTask(c.FetchAsync(SleepSql(30)));
        async Coroutine Ticker()
        {
            while (!query.IsDone && ticks < 5)
            {
                await Asyncio.Sleep(0.02);
                if (!query.IsDone)
                {
                    ticks++;
                }
            }

            query.Cancel();
        }

        AioTask ticker = Asyncio.CreateTask(Ticker());
        await Assert.ThrowsAsync<CancelledError>(async () => await query);
        await ticker;
        Assert.Equal(5, ticks);
        Assert.Equal(1L, await c.FetchValAsync<long>("SELECT 1"));
    });

    [SkippableFact]
    public void Pool_200AcquirersOnAPoolOf10_AreServedInOrderAndNeverExceedTheSize() => RunPool(10, 10, async pool =>
    {
        // The first ten acquirers hold their connections on a gate until the other 190 are queued,
        // so the pool is certainly full (ten in use, none idle) with everyone else waiting in line:
        // what follows checks the hand-off order, not how fast the queries happen to be.
        var gate = new AioEvent();
        var order = new List<int>();
        int inUse = 0, maxInUse = 0, maxSize = 0;
        async Coroutine Worker(int i)
        {
            await using AioConnection c = await pool.AcquireAsync();
            order.Add(i);
            inUse++;
            maxInUse = Math.Max(maxInUse, inUse);
            maxSize = Math.Max(maxSize, pool.Size);
            if (i < 10)
            {
                await gate.WaitAsync();
            }

            await c.FetchValAsync<long>("SELECT 1");
            inUse--;
        }

        AioTask[] workers = [.. Enumerable.Range(0, 200).Select(i => Asyncio.CreateTask(Worker(i)))];
        while (pool.Waiting < 190)
        {
            Assert.False(workers.Any(w => w.IsDone), "a worker ended before the gate opened");
            await Asyncio.Sleep(0);
        }

        Assert.Equal(Enumerable.Range(0, 10), order);
        Assert.Equal(10, inUse);
        Assert.Equal(0, pool.FreeSize);
        Assert.Equal(10, pool.Size);
        gate.Set();
        await Asyncio.Gather(workers);
        Assert.Equal(Enumerable.Range(0, 200), order);
        Assert.Equal(10, maxInUse);
        Assert.True(maxSize <= 10, $"the pool grew to {maxSize}");
        Assert.Equal(0, inUse);
        Assert.Equal(10, pool.FreeSize);
    });

    [SkippableFact]
    public void Pool_AcquireTimesOutWhenAllConnectionsAreInUse() => RunPool(0, 1, async pool =>
    {
        await using AioConnection held = await pool.AcquireAsync();
        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(async () => await pool.AcquireAsync(timeout: 0.1));
        Assert.Contains("1/1", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.Waiting);
    });

    [SkippableFact]
    public void Pool_CancelledWaiterLosesItsPlaceButNoConnection() => RunPool(0, 1, async pool =>
    {
        AioConnection held = await pool.AcquireAsync();
        AioTask<AioConnection> waiter = Asyncio.CreateTask(pool.AcquireAsync());
        AioTask<AioConnection> second = Asyncio.CreateTask(pool.AcquireAsync());
        await Asyncio.Sleep(0.01);
        waiter.Cancel();
        await held.DisposeAsync();
        await using AioConnection got = await second;
        Assert.True(waiter.IsCancelled);
        Assert.Same(held, got);
        Assert.Equal(1, pool.Size);
    });

    [SkippableFact]
    public void Pool_RollsBackWhatAReleasedConnectionLeftOpenAndRunsHooks() => RunPool(1, 1, async pool =>
    {
        await using (AioConnection c = await pool.AcquireAsync())
        {
            await CreateFruitAsync(c);
            AioTransaction tx = await c.TransactionAsync();
            await c.ExecuteAsync($"DELETE FROM {Table}");
            Assert.True(tx.IsActive);
        }

        await using (AioConnection c = await pool.AcquireAsync())
        {
            Assert.False(c.InTransaction);
            Assert.Equal(2L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));
        }
    });

    [SkippableFact]
    public void Pool_HooksRunAndMaxQueriesRecyclesConnections()
    {
        int inits = 0, setups = 0, resets = 0;
        var options = new PoolOptions
        {
            MaxQueries = 2,
            Init = async c => { inits++; await c.FetchValAsync<long>("SELECT 1"); },
            Setup = async _ => { setups++; await Asyncio.Sleep(0); },
            Reset = async _ => { resets++; await Asyncio.Sleep(0); },
        };
        RunPool(0, 1, async pool =>
        {
            var seen = new List<AioConnection>();
            for (int i = 0; i < 3; i++)
            {
                await using AioConnection c = await pool.AcquireAsync();
                seen.Add(c);
                await c.FetchValAsync<long>("SELECT 1");
            }

            // init's query and one more reach MaxQueries: every acquire gets a fresh connection.
            Assert.Equal(3, seen.Distinct().Count());
            Assert.Equal(3, inits);
            Assert.Equal(3, setups);
            Assert.Equal(0, resets);
            Assert.True(seen.Take(2).All(c => c.IsClosed));
        }, options);
    }

    [SkippableFact]
    public void Pool_CloseWaitsForAcquiredConnections() => RunPool(2, 2, async pool =>
    {
        AioConnection c = await pool.AcquireAsync();
        AioTask closing = Asyncio.CreateTask(pool.CloseAsync());
        await Asyncio.Sleep(0.05);
        Assert.False(closing.IsDone);
        await Assert.ThrowsAsync<InterfaceError>(async () => await pool.AcquireAsync());
        Assert.Equal(1L, await c.FetchValAsync<long>("SELECT 1"));
        await c.DisposeAsync();
        await closing;
        Assert.True(c.IsClosed);
        Assert.Equal(0, pool.Size);
    });

    [SkippableFact]
    public void Pool_QueryCancelledByWaitFor_LeavesThePoolUsable() => RunPool(1, 1, async pool =>
    {
        async Coroutine<IReadOnlyList<Record>> Slow()
        {
            await using AioConnection c = await pool.AcquireAsync();
            return await c.FetchAsync(SleepSql(30));
        }

        await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(Slow(), 0.3));
        Assert.Equal(1L, await pool.FetchValAsync<long>("SELECT 1"));
        Assert.Equal(1, pool.Size);
    });

    [SkippableFact]
    public void Pool_TaskGroupFailureCancelsQueriesInSiblings() => RunPool(1, 1, async pool =>
    {
        object? session = null;
        AioConnection? held = null;
        async Coroutine<IReadOnlyList<Record>> Sibling()
        {
            await using AioConnection c = await pool.AcquireAsync();
            session = await SessionIdAsync(c);
            held = c;
            return await c.FetchAsync(SleepSql(LongSleep));
        }

        InvalidTimeZoneException failure = new("sibling failed");
        ExceptionGroup group = await Assert.ThrowsAsync<ExceptionGroup>(async () => await Asyncio.TaskGroup(async tg =>
        {
            _ = tg.CreateTask(Sibling());
            while (held is null || !held.IsBusyForTests())
            {
                await Asyncio.Sleep(0.01);
            }

            throw failure;
        }));
        Assert.Same(failure, Assert.Single(group.InnerExceptions));
        await CheckCutOnServerAsync(session!, SleepSql(LongSleep));
        Assert.Equal(1L, await pool.FetchValAsync<long>("SELECT 1"));
        Assert.Equal(1, pool.Size);
    });

    [SkippableFact]
    public void CopyRecordsToTable_InsertsEveryRowAtomically() => Run(async c =>
    {
        await c.ExecuteAsync($"CREATE TABLE {Table} (id INTEGER, name VARCHAR(100))");
        Assert.Equal("COPY 300", await c.CopyRecordsToTableAsync(Table, Enumerable.Range(0, 300).Select(i => new object?[] { i, "n" + i }), ["id", "name"]));
        Assert.Equal(300L, await c.FetchValAsync<long>($"SELECT COUNT(*) FROM {Table}"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await c.CopyRecordsToTableAsync(Table, [new object?[] { 1 }], ["id", "name"]));
    });

    [SkippableFact]
    public void ToStringAndProviderAreSet() => Run(async c =>
    {
        Assert.Equal(Provider, c.Provider);
        Assert.Contains(Provider.ToString(), c.ToString(), StringComparison.Ordinal);
        await Asyncio.Sleep(0);
    });
}

internal static class ConnectionTestExtensions
{
    public static bool IsBusyForTests(this AioConnection c) => c.IsBusy;
}
