using System.Globalization;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace Aio.Data;

/// <summary>
/// Turns what a user passes to <see cref="AioDb.ConnectAsync(string, DbProvider?)"/> into a provider and
/// its ADO.NET connection string: <c>sqlite:///relative.db</c>, <c>sqlite:////abs/path.db</c>,
/// <c>:memory:</c>, a plain file path, <c>postgresql://user:pass@host:port/db</c>,
/// <c>mysql://user:pass@host:port/db</c>, or a provider's own connection string with the provider named.
/// The providers' own pooling is switched off: <see cref="AioPool"/> is the pool.
/// </summary>
internal sealed record DbUrl(DbProvider Provider, string ConnectionString)
{
    public static DbUrl Parse(string url, DbProvider? provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (provider is { } explicitProvider && !url.Contains("://", StringComparison.Ordinal))
        {
            return FromConnectionString(explicitProvider, url);
        }

        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            if (url.Contains('=', StringComparison.Ordinal) && url.Contains(';', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"'{Redact(url)}' looks like a connection string: name its provider (AioDb.ConnectAsync(connectionString, DbProvider.PostgreSql)) or use a URL (postgresql://, mysql://, sqlite:///)",
                    nameof(url));
            }

            // aiosqlite.connect(path): a file path, or :memory:.
            return Sqlite(url);
        }

        string scheme = url[..schemeEnd].ToLowerInvariant();
        DbProvider fromScheme = scheme switch
        {
            "sqlite" or "sqlite3" => DbProvider.Sqlite,
            "postgresql" or "postgres" or "pgsql" => DbProvider.PostgreSql,
            "mysql" or "mariadb" => DbProvider.MySql,
            _ => throw new ArgumentException(
                $"Unknown database URL scheme '{scheme}' in '{Redact(url)}': expected sqlite://, postgresql:// (postgres://) or mysql:// (mariadb://)",
                nameof(url)),
        };
        if (provider is { } named && named != fromScheme)
        {
            throw new ArgumentException($"The URL '{Redact(url)}' is for {fromScheme}, but provider {named} was named", nameof(provider));
        }

        if (fromScheme == DbProvider.Sqlite)
        {
            // SQLAlchemy's convention: sqlite:///relative.db, sqlite:////absolute.db, sqlite:// is in memory.
            string path = url[(schemeEnd + 3)..];
            if (path.Length > 0 && path[0] != '/')
            {
                throw new ArgumentException($"A SQLite URL has no host: write sqlite:///relative.db or sqlite:////absolute/path.db, not '{url}'", nameof(url));
            }

            path = path.Length == 0 ? ":memory:" : Uri.UnescapeDataString(path[1..]);
            return Sqlite(path.Length == 0 ? ":memory:" : path);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"'{Redact(url)}' is not a valid database URL: expected {scheme}://user:password@host[:port]/database", nameof(url));
        }

        string user = string.Empty, password = string.Empty;
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        }

        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        Dictionary<string, string> query = ParseQuery(uri.Query);
        if (fromScheme == DbProvider.PostgreSql)
        {
            var pg = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                Database = database.Length > 0 ? database : null,
                Username = user.Length > 0 ? user : null,
                Password = password.Length > 0 ? password : null,
            };
            Apply(pg, query, url);
            return FromConnectionString(DbProvider.PostgreSql, pg.ConnectionString);
        }

        var my = new MySqlConnectionStringBuilder
        {
            Server = uri.Host,
            Port = (uint)(uri.IsDefaultPort || uri.Port < 0 ? 3306 : uri.Port),
            Database = database,
            UserID = user,
            Password = password,
        };
        Apply(my, query, url);
        return FromConnectionString(DbProvider.MySql, my.ConnectionString);
    }

    /// <summary>A provider's own connection string, with the settings Aio.Data relies on added.</summary>
    private static DbUrl FromConnectionString(DbProvider provider, string connectionString)
    {
        try
        {
            switch (provider)
            {
                case DbProvider.Sqlite:
                    return new DbUrl(provider, new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                case DbProvider.PostgreSql:
                    var pg = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Enlist = false };
                    if (!connectionString.Contains("timeout", StringComparison.OrdinalIgnoreCase))
                    {
                        pg.CommandTimeout = 0; // asyncpg has no default query timeout; cancellation is the task's.
                    }

                    if (!connectionString.Contains("auto prepare", StringComparison.OrdinalIgnoreCase) &&
                        !connectionString.Contains("autoprepare", StringComparison.OrdinalIgnoreCase))
                    {
                        // asyncpg prepares every statement it runs (a 100-statement cache per connection);
                        // Npgsql's auto-prepare does the same for statements seen twice, so one-off DDL
                        // stays unprepared. Saves the server a parse and the client the Describe round.
                        pg.MaxAutoPrepare = 100;
                        pg.AutoPrepareMinUsages = 2;
                    }

                    return new DbUrl(provider, pg.ConnectionString);
                case DbProvider.MySql:
                    var my = new MySqlConnectionStringBuilder(connectionString)
                    {
                        Pooling = false,
                        AllowUserVariables = true,
                        IgnorePrepare = false,
                        UseAffectedRows = true,
                    };
                    if (!connectionString.Contains("timeout", StringComparison.OrdinalIgnoreCase))
                    {
                        my.DefaultCommandTimeout = 0;
                    }

                    return new DbUrl(provider, my.ConnectionString);
                default:
                    throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"Invalid {provider} connection string '{Redact(connectionString)}': {e.Message}", nameof(connectionString), e);
        }
    }

    private static DbUrl Sqlite(string path) =>
        new(DbProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            result[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
        }

        return result;
    }

    /// <summary>URL query options go to the provider's builder by its own keyword names (sslmode=disable, ...).</summary>
    private static void Apply(System.Data.Common.DbConnectionStringBuilder builder, Dictionary<string, string> query, string url)
    {
        foreach ((string key, string value) in query)
        {
            try
            {
                builder[key] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new ArgumentException($"Unknown or invalid option '{key}={value}' in '{Redact(url)}': {e.Message}", nameof(url), e);
            }
        }
    }

    /// <summary>Error messages never show a password.</summary>
    internal static string Redact(string text)
    {
        int at = text.IndexOf('@', StringComparison.Ordinal);
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0 && at > scheme)
        {
            int colon = text.IndexOf(':', scheme + 3);
            if (colon >= 0 && colon < at)
            {
                return string.Concat(text.AsSpan(0, colon + 1), "***", text.AsSpan(at));
            }
        }

        int pw = text.IndexOf("password=", StringComparison.OrdinalIgnoreCase);
        if (pw >= 0)
        {
            int end = text.IndexOf(';', pw);
            return string.Concat(text.AsSpan(0, pw + 9), "***", end < 0 ? string.Empty : text[end..]);
        }

        return text.ToString(CultureInfo.InvariantCulture);
    }
}
