namespace Aio.Data;

/// <summary>How an <see cref="AioPool"/> recycles and prepares its connections (asyncpg's <c>create_pool</c> keywords).</summary>
public sealed class PoolOptions
{
    /// <summary>Queries after which a connection is closed and replaced on release (asyncpg's <c>max_queries</c>; 50000). 0: no limit.</summary>
    public int MaxQueries { get; init; } = 50_000;

    /// <summary>Seconds an idle connection may stay open before it is closed (asyncpg's <c>max_inactive_connection_lifetime</c>; 300). 0: forever.</summary>
    public double MaxInactiveConnectionLifetime { get; init; } = 300;

    /// <summary>Seconds <see cref="AioPool.AcquireAsync"/> waits for a connection before <see cref="TimeoutException"/>; null waits forever.</summary>
    public double? AcquireTimeout { get; init; }

    /// <summary>Runs once on every new connection (asyncpg's <c>init</c>).</summary>
    public Func<AioConnection, Coroutine>? Init { get; init; }

    /// <summary>Runs on each acquire, before the connection is handed out (asyncpg's <c>setup</c>).</summary>
    public Func<AioConnection, Coroutine>? Setup { get; init; }

    /// <summary>
    /// Runs on each release, after an open transaction was rolled back (asyncpg's <c>reset</c>). A
    /// failing reset discards the connection instead of returning it.
    /// </summary>
    public Func<AioConnection, Coroutine>? Reset { get; init; }
}
