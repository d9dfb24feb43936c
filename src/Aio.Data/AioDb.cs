using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Aio.Data;

/// <summary>
/// Entry points of Aio.Data (asyncpg's <c>connect</c>/<c>create_pool</c>, aiomysql's, aiosqlite's
/// <c>connect</c>). The provider comes from the URL: <c>sqlite:///file.db</c>, a plain path or
/// <c>:memory:</c> (the embedded default), <c>postgresql://user:pass@host:port/db</c>,
/// <c>mysql://user:pass@host:port/db</c>; or a provider's own connection string with the provider named.
/// </summary>
public static class AioDb
{
    /// <summary>Opens a connection; <c>await using</c> closes it.</summary>
    /// <param name="url">A database URL, file path, <c>:memory:</c>, or (with <paramref name="provider"/>) a connection string.</param>
    /// <param name="provider">The provider, when <paramref name="url"/> is a provider's connection string.</param>
    /// <exception cref="ArgumentException">The URL is malformed or names an unknown provider.</exception>
    public static Coroutine<AioConnection> ConnectAsync(string url, DbProvider? provider = null) =>
        OpenAsync(DbUrl.Parse(url, provider));

    /// <summary>
    /// Creates a pool of connections to <paramref name="url"/> and opens <paramref name="minSize"/> of them
    /// (asyncpg's <c>create_pool</c>, aiomysql's <c>create_pool(minsize, maxsize)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The URL is malformed or the sizes are inconsistent.</exception>
    public static async Coroutine<AioPool> CreatePoolAsync(string url, int minSize = 10, int maxSize = 10, PoolOptions? options = null, DbProvider? provider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        if (minSize > maxSize)
        {
            throw new ArgumentException($"minSize ({minSize}) is greater than maxSize ({maxSize})", nameof(minSize));
        }

        var pool = new AioPool(DbUrl.Parse(url, provider), minSize, maxSize, options ?? new PoolOptions(), Asyncio.GetRunningLoop());
        try
        {
            await pool.FillAsync();
        }
        catch
        {
            pool.Terminate();
            throw;
        }

        return pool;
    }

    internal static async Coroutine<AioConnection> OpenAsync(DbUrl url)
    {
        DbConnection db = Commands.Open(url);
        DbSession session = db is SqliteConnection sqlite ? new SqliteSession(sqlite) : new AsyncSession(db);
        var connection = new AioConnection(session, url.Provider);
        try
        {
            await connection.RunAsync(async (c, ct) =>
            {
                await c.OpenAsync(ct).ConfigureAwait(false);
                return true;
            });
        }
        catch
        {
            await session.CloseAsync();
            throw;
        }

        return connection;
    }
}
