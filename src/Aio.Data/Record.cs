using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using Aio.Python;

namespace Aio.Data;

/// <summary>
/// One row of a result (asyncpg's <c>Record</c>, a DB-API row tuple): values by index and by column
/// name, typed getters, and Python's tuple repr, so <c>print(row)</c> code prints <c>(42,)</c> and a
/// list of rows prints <c>[(1, 'apple'), (2, 'pear')]</c> (through <see cref="PyFormat"/>). SQL NULL
/// is <c>null</c>.
/// </summary>
public sealed class Record : IReadOnlyList<object?>, ITuple
{
    private readonly RecordSchema _schema;
    private readonly object?[] _values;

    internal Record(RecordSchema schema, object?[] values)
    {
        _schema = schema;
        _values = values;
    }

    /// <summary>The number of columns.</summary>
    public int Count => _values.Length;

    int ITuple.Length => _values.Length;

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Keys => _schema.Names;

    /// <summary>The value of column <paramref name="index"/> (0-based); null for SQL NULL.</summary>
    public object? this[int index] => _values[index];

    /// <summary>The value of the column named <paramref name="name"/> (asyncpg's <c>record['name']</c>).</summary>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    public object? this[string name] => _values[_schema.IndexOf(name)];

    /// <summary>Column <paramref name="index"/> as <typeparamref name="T"/>, converting numbers between types.</summary>
    public T Get<T>(int index) => Convert<T>(_values[index], _schema.Names[index]);

    /// <summary>The column named <paramref name="name"/> as <typeparamref name="T"/>.</summary>
    public T Get<T>(string name) => Get<T>(_schema.IndexOf(name));

    /// <summary>The row as a dictionary of column name to value (aiomysql's <c>DictCursor</c> row, <c>dict(record)</c>).</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var result = new Dictionary<string, object?>(_values.Length, StringComparer.Ordinal);
        for (int i = 0; i < _values.Length; i++)
        {
            result.TryAdd(_schema.Names[i], _values[i]);
        }

        return result;
    }

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();

    /// <summary>Python's repr of the row as a tuple: <c>(1, 'apple')</c>, <c>(42,)</c>.</summary>
    public override string ToString() => PyFormat.Repr(this);

    internal static T Convert<T>(object? value, string column)
    {
        switch (value)
        {
            case T typed:
                return typed;
            case null when default(T) is null:
                return default!;
            case null:
                throw new InvalidCastException($"Column '{column}' is NULL, which {typeof(T).Name} cannot hold: read it as {typeof(T).Name}?");
        }

        Type target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            return (T)System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new InvalidCastException($"Column '{column}' holds {value.GetType().Name} {PyFormat.Repr(value)}, which does not convert to {typeof(T).Name}", e);
        }
    }
}

/// <summary>The column names shared by every record of one result.</summary>
internal sealed class RecordSchema
{
    private Dictionary<string, int>? _byName;

    public RecordSchema(string[] names) => Names = names;

    public string[] Names { get; }

    /// <summary>The column's index; the name lookup is built on first use (most results are read by index or not by name at all).</summary>
    public int IndexOf(string name) =>
        (_byName ??= Index(Names)).TryGetValue(name, out int index) ? index : throw new KeyNotFoundException($"The result has no column '{name}'; its columns are {PyFormat.Repr(Names)}");

    private static Dictionary<string, int> Index(string[] names)
    {
        var byName = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            byName.TryAdd(names[i], i);
        }

        return byName;
    }
}
