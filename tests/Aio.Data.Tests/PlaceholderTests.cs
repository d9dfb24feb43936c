namespace Aio.Data.Tests;

public class PlaceholderTests
{
    [Theory]
    [InlineData("SELECT ?, ?", "SELECT @_aio_p1, @_aio_p2", 2)]
    [InlineData("SELECT '?', \"?\", ? -- ?\n", "SELECT '?', \"?\", @_aio_p1 -- ?\n", 1)]
    [InlineData("SELECT /* ? */ 'it''s ?', ?", "SELECT /* ? */ 'it''s ?', @_aio_p1", 1)]
    public void Sqlite_QuestionMarksOutsideLiteralsBecomeParameters(string sql, string expected, int count)
    {
        Assert.Equal((expected, count), SqlPlaceholders.Translate(sql, DbProvider.Sqlite));
    }

    [Theory]
    [InlineData("SELECT %s, %s", "SELECT @_aio_p1, @_aio_p2", 2)]
    [InlineData("SELECT 'a %s', `%s`, %s # %s", "SELECT 'a %s', `%s`, @_aio_p1 # %s", 1)]
    [InlineData("SELECT 'it\\'s %s', %s", "SELECT 'it\\'s %s', @_aio_p1", 1)]
    [InlineData("SELECT * FROM t WHERE a LIKE 'x%%' AND b = %s AND c % 2 = 0 AND 100 %% 7", "SELECT * FROM t WHERE a LIKE 'x%' AND b = @_aio_p1 AND c % 2 = 0 AND 100 % 7", 1)]
    [InlineData("SELECT ?", "SELECT ?", 0)]
    public void MySql_FormatPlaceholdersBecomeParameters(string sql, string expected, int count)
    {
        Assert.Equal((expected, count), SqlPlaceholders.Translate(sql, DbProvider.MySql));
    }

    [Fact]
    public void MySql_WithoutArgumentsTheSqlIsSentUnchanged() =>
        Assert.Equal(("SELECT 'x%%'", 0), SqlPlaceholders.Translate("SELECT 'x%%'", DbProvider.MySql, hasArgs: false));

    [Theory]
    [InlineData("SELECT $1, $2, $1", 2)]
    [InlineData("SELECT '$3', \"$4\", $$ $5 $$, $tag$ $6 $tag$, $1 -- $7", 1)]
    [InlineData("SELECT a$1 FROM t WHERE x = $2", 2)]
    [InlineData("SELECT 1", 0)]
    public void Postgres_DollarPlaceholdersAreKeptAndCounted(string sql, int count)
    {
        Assert.Equal((sql, count), SqlPlaceholders.Translate(sql, DbProvider.PostgreSql));
    }
}
