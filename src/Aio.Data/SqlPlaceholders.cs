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
    /// <c>$n</c> (unnamed parameters, bound by position). SQLite turns <c>?</c> into named parameters;
    /// MySQL turns <c>%s</c> (and <c>?</c>) into named parameters and <c>%%</c> into <c>%</c>.
    /// </summary>
    /// <returns>The SQL to send and how many placeholders it has (null for PostgreSQL: Npgsql counts).</returns>
    public static (string Sql, int? Count) Translate(string sql, DbProvider provider)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (provider == DbProvider.PostgreSql)
        {
            return (sql, null);
        }

        bool mysql = provider == DbProvider.MySql;
        StringBuilder? text = null;
        int count = 0, copied = 0;
        for (int i = 0; i < sql.Length; i++)
        {
            char c = sql[i];
            switch (c)
            {
                case '\'' or '"' or '`':
                    i = SkipQuoted(sql, i, c, backslashEscapes: mysql && c != '`');
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
                case '?':
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

        void Replace(int at, int length)
        {
            text ??= new StringBuilder(sql.Length + 16);
            text.Append(sql, copied, at - copied).Append(Name(count));
            count++;
            copied = at + length;
        }
    }

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
