namespace Aio.Data.Tests;

public class UrlTests
{
    [Theory]
    [InlineData(":memory:", DbProvider.Sqlite, "Data Source=:memory:")]
    [InlineData("sqlite://", DbProvider.Sqlite, "Data Source=:memory:")]
    [InlineData("sqlite:///rel/x.db", DbProvider.Sqlite, "Data Source=rel/x.db")]
    [InlineData("sqlite:////tmp/x.db", DbProvider.Sqlite, "Data Source=/tmp/x.db")]
    [InlineData("/tmp/plain.db", DbProvider.Sqlite, "Data Source=/tmp/plain.db")]
    [InlineData("postgresql://u:p%40ss@db.example:6543/app?sslmode=disable", DbProvider.PostgreSql, "Host=db.example;Port=6543;Database=app;Username=u;Password=p@ss")]
    [InlineData("postgres://u@localhost/app", DbProvider.PostgreSql, "Host=localhost;Port=5432;Database=app;Username=u")]
    [InlineData("mysql://root:pw@127.0.0.1:3307/test", DbProvider.MySql, "Server=127.0.0.1;Port=3307;User ID=root;Password=pw;Database=test")]
    [InlineData("mariadb://root@127.0.0.1/test", DbProvider.MySql, "Server=127.0.0.1;Port=3306;User ID=root;Database=test")]
    public void Url_PicksTheProviderAndItsSettings(string url, DbProvider provider, string expectedPrefix)
    {
        DbUrl parsed = DbUrl.Parse(url, null);
        Assert.Equal(provider, parsed.Provider);
        Assert.StartsWith(expectedPrefix, parsed.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Pooling=False", parsed.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ProviderConnectionString_NeedsTheProviderNamed()
    {
        Assert.Equal(DbProvider.PostgreSql, DbUrl.Parse("Host=h;Username=u;Password=secret", DbProvider.PostgreSql).Provider);
        ArgumentException e = Assert.Throws<ArgumentException>(() => DbUrl.Parse("Host=h;Username=u;Password=secret", null));
        Assert.Contains("name its provider", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oracle://u:secret@h/db", "Unknown database URL scheme 'oracle'")]
    [InlineData("postgresql://u:secret@/db", "not a valid database URL")]
    [InlineData("postgresql://u:secret@h/db?nosuchoption=1", "Unknown or invalid option 'nosuchoption=1'")]
    [InlineData("sqlite://host/x.db", "A SQLite URL has no host")]
    public void BadUrls_GiveClearErrorsWithoutThePassword(string url, string message)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => DbUrl.Parse(url, null));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderContradictingTheUrl_IsAnError() =>
        Assert.Contains("provider MySql was named", Assert.Throws<ArgumentException>(() => DbUrl.Parse("postgresql://h/db", DbProvider.MySql)).Message, StringComparison.Ordinal);

    [Fact]
    public void ConnectAsync_BadUrlFailsBeforeAnyIo() =>
        Assert.Throws<ArgumentException>(() => Asyncio.Run(AioDb.ConnectAsync("nosuch://x")));

    [Fact]
    public void ConnectAsync_UnreachableServerRaisesTheProvidersError()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        Assert.ThrowsAny<System.Data.Common.DbException>(() => Asyncio.Run(AioDb.ConnectAsync($"postgresql://u:p@127.0.0.1:{port}/db")));
    }
}
