using System.Data;
using System.Data.Common;
using System.Globalization;
using MySqlConnector;
using Npgsql;

namespace Aio.Data;

/// <summary>The provider-neutral pieces every operation is built from: commands, parameters, rows, statuses.</summary>
internal static class Commands
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, DbProvider provider, string sql, IReadOnlyList<object?> args)
    {
        ArgumentNullException.ThrowIfNull(sql);
        (string text, int placeholders) = SqlPlaceholders.Translate(sql, provider, args.Count > 0);

        CheckCount(provider, placeholders, args.Count);
        DbCommand command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        Bind(command, provider, args);
        return command;
    }

    /// <summary>Checks every argument row against the statement before anything runs (a short row is a clear error, not half a batch).</summary>
    public static void CheckRows(DbProvider provider, string sql, IReadOnlyList<object?[]> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        int placeholders = SqlPlaceholders.Translate(sql, provider, rows[0].Length > 0).Count;
        for (int i = 0; i < rows.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(rows[i], $"args[{i}]");
            CheckCount(provider, placeholders, rows[i].Length, $" in row {i}");
        }
    }

    private static void CheckCount(DbProvider provider, int placeholders, int args, string where = "")
    {
        if (placeholders != args)
        {
            string style = provider switch { DbProvider.MySql => "%s", DbProvider.Sqlite => "?", _ => "$n" };
            throw new ArgumentException(
                $"The query has {placeholders} placeholder{(placeholders == 1 ? string.Empty : "s")} ({style}) but {args} argument{(args == 1 ? " was" : "s were")} given{where}",
                nameof(args));
        }
    }

    /// <summary>Binds <paramref name="args"/> by position: unnamed for Npgsql ($1, $2), by the translated names elsewhere.</summary>
    public static void Bind(DbCommand command, DbProvider provider, IReadOnlyList<object?> args)
    {
        DbParameterCollection parameters = command.Parameters;
        if (parameters.Count == args.Count)
        {
            for (int i = 0; i < args.Count; i++)
            {
                parameters[i].Value = ToDb(args[i]);
            }

            return;
        }

        parameters.Clear();
        for (int i = 0; i < args.Count; i++)
        {
            DbParameter parameter = provider == DbProvider.PostgreSql ? new NpgsqlParameter() : command.CreateParameter();
            if (provider != DbProvider.PostgreSql)
            {
                parameter.ParameterName = SqlPlaceholders.Name(i);
            }

            parameter.Value = ToDb(args[i]);
            parameters.Add(parameter);
        }
    }

    private static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        _ => value,
    };

    public static RecordSchema Schema(DbDataReader reader)
    {
        var names = new string[reader.FieldCount];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = reader.GetName(i);
        }

        return new RecordSchema(names);
    }

    public static Record Row(DbDataReader reader, RecordSchema schema)
    {
        var values = new object?[schema.Names.Length];
        for (int i = 0; i < values.Length; i++)
        {
            object value = reader.GetValue(i);
            values[i] = value is DBNull ? null : value;
        }

        return new Record(schema, values);
    }

    /// <summary>Reads up to <paramref name="limit"/> rows of the current result (all of them for -1).</summary>
    public static async Task<List<Record>> ReadAsync(DbDataReader reader, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<Record>();
        if (reader.FieldCount == 0)
        {
            return rows;
        }

        RecordSchema schema = Schema(reader);
        while ((limit < 0 || rows.Count < limit) && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Row(reader, schema));
        }

        return rows;
    }

    public static async Task<List<Record>> FetchAsync(DbCommand command, int limit, CancellationToken cancellationToken)
    {
        DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            List<Record> rows = await ReadAsync(reader, limit, cancellationToken).ConfigureAwait(false);
            return rows;
        }
    }

    /// <summary>The command's status, as asyncpg's <c>execute</c> returns it: <c>INSERT 0 1</c>, <c>UPDATE 3</c>, <c>CREATE TABLE</c>.</summary>
    public static string Status(string sql, int rowsAffected)
    {
        string[] words = sql.TrimStart().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        string verb = words.Length > 0 ? words[0].TrimEnd(';').ToUpperInvariant() : string.Empty;
        string rows = Math.Max(rowsAffected, 0).ToString(CultureInfo.InvariantCulture);
        return verb switch
        {
            "INSERT" => $"INSERT 0 {rows}",
            "UPDATE" or "DELETE" or "SELECT" or "MERGE" or "REPLACE" => $"{verb} {rows}",
            "CREATE" or "DROP" or "ALTER" when words.Length > 1 => $"{verb} {words[1].TrimEnd(';').ToUpperInvariant()}",
            _ => verb,
        };
    }

    /// <summary>The id of the row the command inserted (DB-API's <c>lastrowid</c>); null where the provider has none.</summary>
    public static async Task<long?> LastRowIdAsync(DbCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case MySqlCommand my:
                return my.LastInsertedId;
            case Microsoft.Data.Sqlite.SqliteCommand:
                using (DbCommand id = command.Connection!.CreateCommand())
                {
                    id.CommandText = "SELECT last_insert_rowid()";
                    id.Transaction = command.Transaction;
                    return (long?)await id.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }

            default:
                return null;
        }
    }

    /// <summary>Whether <paramref name="error"/> left the connection unusable.</summary>
    public static bool Breaks(DbConnection connection, Exception error) =>
        connection.State is not ConnectionState.Open || error is NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException } || error is MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost };

    public static DbConnection Open(DbUrl url) => url.Provider switch
    {
        DbProvider.Sqlite => new Microsoft.Data.Sqlite.SqliteConnection(url.ConnectionString),
        DbProvider.PostgreSql => new NpgsqlConnection(url.ConnectionString),
        _ => new MySqlConnection(url.ConnectionString),
    };
}
