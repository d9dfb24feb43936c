namespace Aio.Data;

/// <summary>The database engines Aio.Data speaks to, each through its ADO.NET provider.</summary>
public enum DbProvider
{
    /// <summary>SQLite through Microsoft.Data.Sqlite: embedded, nothing to install (aiosqlite's role).</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql's async API (asyncpg's and aiopg's role).</summary>
    PostgreSql,

    /// <summary>MySQL and MariaDB through MySqlConnector's async API (aiomysql's role).</summary>
    MySql,
}
