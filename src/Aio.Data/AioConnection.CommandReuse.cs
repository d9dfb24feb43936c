using System.Data.Common;

namespace Aio.Data;

public sealed partial class AioConnection
{
    // The command of the last one-shot query, kept for the next query with the same SQL and the same
    // number of arguments: the usual pattern (a pool's connections running the same few statements)
    // then skips building a command and its parameters and re-translating the placeholders, and
    // Npgsql's auto-prepared statement is found by the same command text. Only touched by the
    // operation in progress (one at a time per connection), on whichever thread runs it.
    private DbCommand? _reusable;
    private string? _reusableSql;

    /// <summary>
    /// Runs <paramref name="use"/> on a command for <paramref name="sql"/> bound to <paramref name="args"/>
    /// (the kept one if it fits), then keeps the command for the next query if <paramref name="use"/>
    /// completed, or disposes it if it failed or was cancelled.
    /// </summary>
    private async Task<T> WithCommandAsync<TState, T>(
        DbConnection connection,
        string sql,
        object?[] args,
        TState state,
        Func<DbCommand, TState, CancellationToken, Task<T>> use,
        CancellationToken cancellationToken)
    {
        DbCommand command = RentCommand(connection, sql, args);
        bool ok = false;
        try
        {
            T result = await use(command, state, cancellationToken).ConfigureAwait(false);
            ok = true;
            return result;
        }
        finally
        {
            await ReturnCommandAsync(command, sql, ok).ConfigureAwait(false);
        }
    }

    /// <summary>A command for <paramref name="sql"/> bound to <paramref name="args"/>: the kept one if it fits, else a new one.</summary>
    private DbCommand RentCommand(DbConnection connection, string sql, object?[] args)
    {
        if (_reusable is { } command && command.Parameters.Count == args.Length && string.Equals(_reusableSql, sql, StringComparison.Ordinal))
        {
            _reusable = null;
            command.Transaction = Transaction;
            Commands.Bind(command, Provider, args);
            return command;
        }

        return Commands.Create(connection, Transaction, Provider, sql, args);
    }

    /// <summary>
    /// Keeps <paramref name="command"/> for the next query after it ran to completion (its reader
    /// closed); a command whose operation failed or was cancelled is disposed instead (<paramref name="ok"/> false).
    /// </summary>
    private async ValueTask ReturnCommandAsync(DbCommand command, string sql, bool ok)
    {
        if (!ok || _closed)
        {
            await command.DisposeAsync().ConfigureAwait(false);
            return;
        }

        DbCommand? old = _reusable;
        _reusable = command;
        _reusableSql = sql;
        if (old is not null && !ReferenceEquals(old, command))
        {
            await old.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Forgets the kept command (the connection is closing).</summary>
    private void DropReusableCommand()
    {
        _reusable = null;
        _reusableSql = null;
    }
}
