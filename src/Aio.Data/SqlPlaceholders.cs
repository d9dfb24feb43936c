using System.Text;

namespace Aio.Data;

/// <summary>
/// Each Python library's parameter style, translated to its ADO.NET provider's parameters: asyncpg's
/// <c>$1</c> (Npgsql binds these itself), sqlite3's <c>?</c> and the DB-API <c>%s</c> of aiomysql and
/// aiopg. The translation only renames placeholders; values are always bound as parameters, never
/// spliced into the SQL. String literals, quoted identifiers and comments are skipped, so a <c>?</c>
/// or <c>%s</c> inside quotes stays text.
/// </summary>
internal static class SqlPlaceholders
{
    /// <summary>The name the n-th (0-based) positional parameter gets after translation.</summary>
    public static string Name(int index) => ParameterNames.Length > index ? ParameterNames[index] : "@_aio_p" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] ParameterNames = [.. Enumerable.Range(1, 32).Select(i => "@_aio_p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Rewrites <paramref name="sql"/>'s placeholders for <paramref name="provider"/>. PostgreSQL keeps
    /// <c>$n</c> (unnamed parameters, bound by position). SQLite turns <c>?</c> into named parameters.
    /// MySQL follows aiomysql, which formats the query with Python's <c>%</c> only when arguments are
    /// given: then <c>%s</c> becomes a named parameter and <c>%%</c> a <c>%</c> (also inside literals,
    /// as Python's formatting does: <c>LIKE 'a%%'</c>); without arguments the SQL is sent unchanged.
    /// </summary>
    /// <returns>The SQL to send and how many arguments it takes (for PostgreSQL the highest <c>$n</c>).</returns>
    public static (string Sql, int Count) Translate(string sql, DbProvider provider, bool hasArgs = true)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (provider == DbProvider.PostgreSql)
        {
            return (sql, CountDollarPlaceholders(sql));
        }

        bool mysql = provider == DbProvider.MySql;
        if (mysql && !hasArgs)
        {
            return (sql, 0);
        }

        StringBuilder? text = null;
        int count = 0, copied = 0;
        for (int i = 0; i < sql.Length; i++)
        {
            char c = sql[i];
            switch (c)
            {
                case '\'' or '"' or '`':
                    int closing = SkipQuoted(sql, i, c, backslashEscapes: mysql && c != '`');
                    if (mysql)
                    {
                        UnescapePercents(i, closing);
                    }

                    i = closing;
                    break;
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                    i = SkipTo(sql, i, "\n");
                    break;
                case '#' when mysql:
                    i = SkipTo(sql, i, "\n");
                    break;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    i = SkipTo(sql, i + 2, "*/");
                    break;
                case '?' when !mysql:
                    Replace(i, 1);
                    break;
                case '%' when mysql && i + 1 < sql.Length && sql[i + 1] == 's':
                    Replace(i, 2);
                    i++;
                    break;
                case '%' when mysql && i + 1 < sql.Length && sql[i + 1] == '%':
                    text ??= new StringBuilder(sql.Length + 16);
                    text.Append(sql, copied, i - copied).Append('%');
                    copied = i + 2;
                    i++;
                    break;
            }
        }

        if (text is null)
        {
            return (sql, count);
        }

        text.Append(sql, copied, sql.Length - copied);
        return (text.ToString(), count);

        void UnescapePercents(int from, int to)
        {
            for (int j = sql.IndexOf("%%", from, StringComparison.Ordinal); j >= 0 && j < to; j = sql.IndexOf("%%", j + 2, StringComparison.Ordinal))
            {
                text ??= new StringBuilder(sql.Length + 16);
                text.Append(sql, copied, j - copied).Append('%');
                copied = j + 2;
            }
        }

        void Replace(int at, int length)
        {
            text ??= new StringBuilder(sql.Length + 16);
            text.Append(sql, copied, at - copied).Append(Name(count));
            count++;
            copied = at + length;
        }
    }

    /// <summary>
    /// The highest <c>$n</c> outside literals, quoted identifiers, comments and dollar-quoted strings
    /// (checked here because a wrong count is a protocol error that would cost the connection).
    /// </summary>
    private static int CountDollarPlaceholders(string sql)
    {
        int highest = 0;
        for (int i = 0; i < sql.Length; i++)
        {
            char c = sql[i];
            switch (c)
            {
                case '\'' or '"':
                    i = SkipQuoted(sql, i, c, backslashEscapes: false);
                    break;
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                    i = SkipTo(sql, i, "\n");
                    break;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    i = SkipTo(sql, i + 2, "*/");
                    break;
                case '$' when i > 0 && (char.IsLetterOrDigit(sql[i - 1]) || sql[i - 1] == '_'):
                    break; // part of an identifier (PostgreSQL allows $ inside names)
                case '$' when i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1]):
                    int end = i + 1, n = 0;
                    while (end < sql.Length && char.IsAsciiDigit(sql[end]))
                    {
                        n = checked((n * 10) + (sql[end] - '0'));
                        end++;
                    }

                    highest = Math.Max(highest, n);
                    i = end - 1;
                    break;
                case '$':
                    int close = sql.IndexOf('$', i + 1);
                    if (close > i && sql.AsSpan(i + 1, close - i - 1).IndexOfAnyExcept(TagChars) < 0)
                    {
                        string tag = sql[i..(close + 1)];
                        int after = sql.IndexOf(tag, close + 1, StringComparison.Ordinal);
                        i = after < 0 ? sql.Length : after + tag.Length - 1;
                    }

                    break;
            }
        }

        return highest;
    }

    private static readonly System.Buffers.SearchValues<char> TagChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");

    private static int SkipQuoted(string sql, int start, char quote, bool backslashEscapes)
    {
        for (int i = start + 1; i < sql.Length; i++)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i++;
            }
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i++; // doubled quote: an escaped quote inside the literal
                }
                else
                {
                    return i;
                }
            }
        }

        return sql.Length - 1;
    }

    private static int SkipTo(string sql, int start, string end)
    {
        int at = sql.IndexOf(end, start, StringComparison.Ordinal);
        return at < 0 ? sql.Length : at + end.Length - 1;
    }
}
