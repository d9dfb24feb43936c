using System.Data.Common;

namespace Aio.Data;

public sealed partial class AioConnection
{
    private CancellationTokenSource? _cancelSource;
    private bool _cancelRequested;

    /// <summary>
    /// Runs one provider operation for the current task: one at a time per connection, the task's
    /// cancellation turned into a server-side cancel, the outcome brought back to the loop.
    /// </summary>
    /// <remarks>
    /// The task's <see cref="AioTask.CancellationToken"/> is not handed to the provider itself: its
    /// callbacks run on the loop thread, and the providers' cancel requests block (they connect to the
    /// server). A token of our own is tripped by the session instead (from the thread pool for
    /// Npgsql/MySqlConnector). A provider failing with our cancellation raises <see cref="CancelledError"/>,
    /// which the task, <c>WaitFor</c> and <c>Timeout</c> read as its cancellation. Cleanup (rollback,
    /// release) runs with <paramref name="cancellable"/> false, so a cancellation already requested does
    /// not stop it.
    /// </remarks>
    internal Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> operation, bool cancellable = true)
    {
        CheckOpen();
        if (_busy)
        {
            throw new InterfaceError("cannot perform operation: another operation is in progress on this connection");
        }

        return RunCoreAsync(operation, cancellable, holdBusy: true);
    }

    /// <summary>An operation of a stream that already holds the connection busy.</summary>
    internal Task<T> RunHeldAsync<T>(Func<DbConnection, CancellationToken, Task<T>> operation, bool cancellable = true)
    {
        CheckOpen();
        return RunCoreAsync(operation, cancellable, holdBusy: false);
    }

    internal void EnterBusy()
    {
        CheckOpen();
        if (_busy)
        {
            throw new InterfaceError("cannot perform operation: another operation is in progress on this connection");
        }

        _busy = true;
    }

    internal void ExitBusy() => _busy = false;

    internal bool IsBusy => _busy;

    private async Task<T> RunCoreAsync<T>(Func<DbConnection, CancellationToken, Task<T>> operation, bool cancellable, bool holdBusy)
    {
        CancellationToken taskToken = cancellable && Asyncio.CurrentTask() is { } task ? task.CancellationToken : default;
        CancellationTokenSource? source = null;
        CancellationTokenRegistration registration = default;
        if (taskToken.CanBeCanceled)
        {
            // One source per connection, reused from query to query until a cancel trips it (then
            // the next query gets a fresh one: the trip itself happens later, on the thread pool).
            source = _cancelSource ??= new CancellationTokenSource();
            registration = taskToken.UnsafeRegister(static s => ((AioConnection)s!).OnTaskCancelled(), this);
        }

        if (holdBusy)
        {
            _busy = true;
        }

        try
        {
            if (!Autocommit && Transaction is null && CurrentTransaction is null)
            {
                // DB-API behaviour: the first statement begins the transaction that commit() ends.
                var implicitTx = new AioTransaction(this, parent: null);
                Func<DbConnection, CancellationToken, Task<T>> inner = operation;
                operation = async (c, ct) =>
                {
                    await implicitTx.BeginAsync(c, System.Data.IsolationLevel.Unspecified, false, ct).ConfigureAwait(false);
                    return await inner(c, ct).ConfigureAwait(false);
                };
            }

            T result = await _session.RunAsync(operation, source?.Token ?? default);
            Queries++;
            return result;
        }
        catch (Exception e) when (taskToken.IsCancellationRequested && e is OperationCanceledException or DbException)
        {
            Queries++;
            if (Commands.Breaks(_session.Connection, e))
            {
                Broken = true;
            }

            throw new CancelledError();
        }
        catch (Exception e) when (e is not ArgumentException && Commands.Breaks(_session.Connection, e))
        {
            Broken = true;
            throw;
        }
        finally
        {
            // The task's callbacks run on the loop thread, this one included: once unregistered here,
            // no trip of this source can still be on its way unless OnTaskCancelled already ran.
            registration.Unregister();
            if (source is not null && _cancelRequested)
            {
                _cancelSource = null;
                _cancelRequested = false;
            }

            if (holdBusy)
            {
                _busy = false;
            }
        }
    }

    /// <summary>The task running an operation was cancelled: trip the operation's source (the session picks the thread).</summary>
    private void OnTaskCancelled()
    {
        if (_cancelSource is { } source)
        {
            _cancelRequested = true;
            _session.Cancel(source);
        }
    }

    private void CheckOpen()
    {
        if (_closed)
        {
            throw new InterfaceError("cannot perform operation: the connection is closed");
        }

        if (Broken)
        {
            throw new InterfaceError("cannot perform operation: the connection was lost (its last operation failed); open a new one");
        }
    }
}
