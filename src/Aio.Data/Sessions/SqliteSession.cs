using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Aio.Data;

/// <summary>
/// SQLite's calls are synchronous, so, as aiosqlite does, each connection owns one worker thread that
/// runs its calls in order; the loop awaits a task the worker completes. Cancellation interrupts the
/// statement in progress (<c>sqlite3_interrupt</c>) or drops a call that has not started.
/// </summary>
internal sealed class SqliteSession : DbSession
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;
    private readonly object _gate = new();
    private CancellationToken _running;
    private bool _runningSet;

    public SqliteSession(SqliteConnection connection)
        : base(connection)
    {
        _thread = new Thread(Work) { IsBackground = true, Name = "aio-sqlite" };
        _thread.Start();
    }

    public override Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Run()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }

            lock (_gate)
            {
                _running = cancellationToken;
                _runningSet = true;
            }

            try
            {
                // Microsoft.Data.Sqlite's async methods complete synchronously: this blocks the worker, not the loop.
                done.TrySetResult(operation(Connection, cancellationToken).GetAwaiter().GetResult());
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 9 && cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken); // SQLITE_INTERRUPT: our cancellation
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
            finally
            {
                lock (_gate)
                {
                    _runningSet = false;
                }
            }
        }

        try
        {
            _work.Add(Run, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            return Task.FromException<T>(new InterfaceError("The SQLite connection is closed"));
        }

        return done.Task;
    }

    /// <summary>Interrupting is cheap and thread-safe: done at once, but only if the call it belongs to is the one running.</summary>
    public override void Cancel(CancellationTokenSource source)
    {
        lock (_gate)
        {
            source.Cancel();
            if (_runningSet && _running == source.Token && Connection is SqliteConnection { Handle: { } handle })
            {
                SQLitePCL.raw.sqlite3_interrupt(handle);
            }
        }
    }

    public override Task CloseAsync()
    {
        Task<bool> closed = RunAsync(static (c, _) =>
        {
            c.Dispose();
            return Task.FromResult(true);
        }, CancellationToken.None);
        _work.CompleteAdding();
        return closed;
    }

    private void Work()
    {
        foreach (Action action in _work.GetConsumingEnumerable())
        {
            action();
        }

        _work.Dispose();
    }
}
