using System.Data.Common;

namespace Aio.Data;

/// <summary>
/// How a connection's provider calls run, and how their results reach the loop (see
/// docs/design/data-pool.md). Every operation is written once, against ADO.NET's async API, as a
/// function of the connection and a cancellation token; the session decides where it runs:
/// <see cref="AsyncSession"/> calls it directly (Npgsql and MySqlConnector are truly asynchronous: the
/// loop thread only starts the I/O), <see cref="SqliteSession"/> runs it on the connection's own worker
/// thread, where Microsoft.Data.Sqlite's synchronous calls may block. Either way the caller awaits a
/// .NET task, which an Aio coroutine resumes from on its loop.
/// </summary>
internal abstract class DbSession
{
    protected DbSession(DbConnection connection) => Connection = connection;

    public DbConnection Connection { get; }

    /// <summary>Runs <paramref name="operation"/> on the connection; <paramref name="cancellationToken"/> stops it on the server.</summary>
    public abstract Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken);

    /// <summary>Requests a stop of the operation in flight, from a thread that may block (the provider's cancel request).</summary>
    public abstract void Cancel(CancellationTokenSource source);

    /// <summary>Closes the connection (and the worker thread, if any).</summary>
    public abstract Task CloseAsync();
}

/// <summary>Npgsql and MySqlConnector: their async API runs on the caller's thread until it waits for the socket.</summary>
internal sealed class AsyncSession(DbConnection connection) : DbSession(connection)
{
    public override Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        operation(Connection, cancellationToken);

    /// <summary>
    /// Both providers cancel by opening a second connection to the server, synchronously, inside the
    /// token's callback (a PostgreSQL CancelRequest, a MySQL KILL QUERY): that must not run on the
    /// loop thread, so the token is tripped from the thread pool.
    /// </summary>
    public override void Cancel(CancellationTokenSource source) =>
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Cancel(), source, preferLocal: false);

    public override async Task CloseAsync() => await Connection.DisposeAsync().ConfigureAwait(false);
}
