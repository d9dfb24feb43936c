using System.Data;
using System.Data.Common;
using System.Globalization;
using MySqlConnector;

namespace Aio.Data;

/// <summary>
/// A transaction, or a savepoint inside one (asyncpg's <c>Transaction</c>). <c>await using</c> it:
/// the block commits with <see cref="CommitAsync"/>; leaving it any other way (an exception, the task
/// cancelled) rolls back, so a half-done transaction never survives. See
/// <see cref="AioConnection.TransactionAsync(Func{AioTransaction, Coroutine}, IsolationLevel, bool)"/>
/// for the form that commits when its body returns.
/// </summary>
public sealed class AioTransaction : IAsyncDisposable
{
    private static int s_savepoints;
    private readonly AioConnection _connection;
    private string? _savepoint;
    private State _state;

    internal AioTransaction(AioConnection connection, AioTransaction? parent)
    {
        _connection = connection;
        Parent = parent;
    }

    private enum State
    {
        New,
        Started,
        Committed,
        RolledBack,
    }

    /// <summary>The transaction this one is a savepoint of, or null for the outermost.</summary>
    public AioTransaction? Parent { get; }

    /// <summary>Whether this is a savepoint inside an enclosing transaction.</summary>
    public bool IsSavepoint => Parent is not null;

    /// <summary>Whether the transaction was started and has not been committed or rolled back.</summary>
    public bool IsActive => _state == State.Started;

    /// <summary>Commits (or releases the savepoint).</summary>
    /// <exception cref="InterfaceError">The transaction already ended, or a savepoint inside it is still open.</exception>
    public async Coroutine CommitAsync()
    {
        CheckActive("commit");
        await _connection.RunAsync(async (c, ct) =>
        {
            if (_savepoint is null)
            {
                await _connection.Transaction!.CommitAsync(ct).ConfigureAwait(false);
            }
            else
            {
                await _connection.Transaction!.ReleaseAsync(_savepoint, ct).ConfigureAwait(false);
            }

            return true;
        });
        End(State.Committed);
    }

    /// <summary>Rolls back (to the savepoint). Runs even if the task is being cancelled.</summary>
    public async Coroutine RollbackAsync()
    {
        CheckActive("roll back");
        try
        {
            await _connection.RunAsync(RollbackCore, cancellable: false);
        }
        finally
        {
            End(State.RolledBack);
        }
    }

    /// <summary>Rolls back unless the transaction was committed: a block left without a commit is undone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_state == State.Started && !_connection.IsClosed)
        {
            await RollbackAsync();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"<AioTransaction {(IsSavepoint ? "savepoint " : string.Empty)}{_state.ToString().ToLowerInvariant()}>";

    internal async Task<bool> BeginAsync(DbConnection connection, IsolationLevel isolation, bool readOnly, CancellationToken cancellationToken)
    {
        if (Parent is not null)
        {
            if (isolation != IsolationLevel.Unspecified || readOnly)
            {
                throw new InterfaceError("A nested transaction is a savepoint: it takes its isolation level and read-only mode from the outer transaction");
            }

            _savepoint = "aio_sp_" + Interlocked.Increment(ref s_savepoints).ToString(CultureInfo.InvariantCulture);
            await _connection.Transaction!.SaveAsync(_savepoint, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (_connection.Transaction is not null)
            {
                throw new InterfaceError("A transaction is already open on this connection");
            }

            DbTransaction tx = connection switch
            {
                MySqlConnection my when readOnly => await my.BeginTransactionAsync(isolation, isReadOnly: true, cancellationToken).ConfigureAwait(false),
                Microsoft.Data.Sqlite.SqliteConnection when readOnly => throw new NotSupportedException("SQLite has no read-only transactions; open the database read-only (Mode=ReadOnly) instead"),
                _ => await connection.BeginTransactionAsync(isolation, cancellationToken).ConfigureAwait(false),
            };
            _connection.Transaction = tx;
            if (readOnly && connection is Npgsql.NpgsqlConnection)
            {
                await using DbCommand command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = "SET TRANSACTION READ ONLY";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _state = State.Started;
        _connection.CurrentTransaction = this;
        return true;
    }

    private async Task<bool> RollbackCore(DbConnection connection, CancellationToken cancellationToken)
    {
        DbTransaction? tx = _connection.Transaction;
        if (tx is null || connection.State != ConnectionState.Open)
        {
            return false;
        }

        if (_savepoint is null)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await tx.RollbackAsync(_savepoint, cancellationToken).ConfigureAwait(false);
            await tx.ReleaseAsync(_savepoint, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private void CheckActive(string verb)
    {
        if (_state != State.Started)
        {
            throw new InterfaceError($"cannot {verb}: the transaction is {_state.ToString().ToLowerInvariant()}");
        }

        if (!ReferenceEquals(_connection.CurrentTransaction, this))
        {
            throw new InterfaceError($"cannot {verb}: a savepoint inside this transaction is still open");
        }
    }

    private void End(State state)
    {
        _state = state;
        _connection.CurrentTransaction = Parent;
        if (Parent is null)
        {
            DbTransaction? tx = _connection.Transaction;
            _connection.Transaction = null;
            tx?.Dispose();
        }
    }
}
