using System.Collections;
using System.Diagnostics;
using System.Text;

namespace Aio.Http.Protocol;

/// <summary>
/// HTTP header fields (aiohttp's <c>CIMultiDict</c>): names compare case-insensitively, a name may
/// appear several times, and fields keep the order they were added or received in.
/// </summary>
/// <remarks>
/// Stored as a flat list: heads hold a few dozen fields, where a linear ordinal-ignore-case scan beats
/// hashing. Names must be RFC 9110 tokens and values must hold no CR, LF, NUL or other control
/// character (except tab) and no character above U+00FF, so a header can never inject a line.
/// </remarks>
[DebuggerDisplay("Count = {Count}")]
public sealed class HttpHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private (string Name, string Value)[] _fields;
    private int _count;

    /// <summary>Creates an empty collection.</summary>
    public HttpHeaders()
    {
        _fields = new (string, string)[8];
    }

    /// <summary>Creates a collection holding a copy of <paramref name="other"/>'s fields, in order.</summary>
    public HttpHeaders(HttpHeaders other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _fields = new (string, string)[Math.Max(8, other._count)];
        Array.Copy(other._fields, _fields, other._count);
        _count = other._count;
    }

    /// <summary>The number of fields (a name given twice counts twice).</summary>
    public int Count => _count;

    /// <summary>
    /// Gets the first value of <paramref name="name"/>, or null if absent; setting replaces every field of
    /// that name with one (at the first one's place), or removes them all when set to null.
    /// </summary>
    public string? this[string name]
    {
        get => TryGetValue(name, out string? value) ? value : null;
        set
        {
            if (value is null)
            {
                Remove(name);
            }
            else
            {
                Set(name, value);
            }
        }
    }

    /// <summary>Appends a field, keeping any others of the same name.</summary>
    /// <exception cref="ArgumentException">The name is not a token or the value holds a forbidden character.</exception>
    public void Add(string name, string value)
    {
        Validate(name, value);
        AddUnchecked(name, value);
    }

    /// <summary>Replaces every field named <paramref name="name"/> with one holding <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a token or the value holds a forbidden character.</exception>
    public void Set(string name, string value)
    {
        Validate(name, value);
        int first = IndexOf(name, 0);
        if (first < 0)
        {
            AddUnchecked(name, value);
            return;
        }

        _fields[first] = (name, value);
        RemoveFrom(name, first + 1);
    }

    /// <summary>Whether a field named <paramref name="name"/> is present.</summary>
    public bool Contains(string name) => IndexOf(name, 0) >= 0;

    /// <summary>Gets the first value of <paramref name="name"/>.</summary>
    public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        int i = IndexOf(name, 0);
        value = i >= 0 ? _fields[i].Value : null;
        return i >= 0;
    }

    /// <summary>Every value of <paramref name="name"/>, in order (aiohttp's <c>getall</c>); empty if absent.</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        List<string>? values = null;
        for (int i = IndexOf(name, 0); i >= 0; i = IndexOf(name, i + 1))
        {
            (values ??= new List<string>(2)).Add(_fields[i].Value);
        }

        return values ?? (IReadOnlyList<string>)Array.Empty<string>();
    }

    /// <summary>
    /// The values of <paramref name="name"/> combined into one field value, joined by <c>", "</c> as
    /// RFC 9110 section 5.3 allows for list-valued fields (<c>Connection</c>, <c>Upgrade</c>...); null if absent.
    /// </summary>
    internal string? GetCombined(string name)
    {
        IReadOnlyList<string> values = GetAll(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => string.Join(", ", values),
        };
    }

    /// <summary>Removes every field named <paramref name="name"/>; returns whether any was there.</summary>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int before = _count;
        RemoveFrom(name, 0);
        return _count != before;
    }

    /// <summary>Removes every field.</summary>
    public void Clear()
    {
        Array.Clear(_fields, 0, _count);
        _count = 0;
    }

    /// <summary>Enumerates the fields in order.</summary>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<string, string>(_fields[i].Name, _fields[i].Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The fields as they would appear on the wire, one <c>Name: value</c> per line.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (int i = 0; i < _count; i++)
        {
            text.Append(_fields[i].Name).Append(": ").Append(_fields[i].Value).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>The field at <paramref name="index"/> (wire order), for writers that walk the list without allocating.</summary>
    internal (string Name, string Value) FieldAt(int index) => _fields[index];

    /// <summary>Appends a field the parser has already validated.</summary>
    internal void AddUnchecked(string name, string value)
    {
        if (_count == _fields.Length)
        {
            Array.Resize(ref _fields, _count * 2);
        }

        _fields[_count++] = (name, value);
    }

    internal static void Validate(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Length == 0)
        {
            throw new ArgumentException("a header name must not be empty", nameof(name));
        }

        foreach (char c in name)
        {
            if (c > 0x7F || !HttpChars.IsToken((byte)c))
            {
                throw new ArgumentException($"header name {name!} holds {(int)c:x2}, which is not a token character (RFC 9110 5.1)", nameof(name));
            }
        }

        foreach (char c in value)
        {
            if (c > 0xFF || !HttpChars.IsFieldValue((byte)c))
            {
                throw new ArgumentException($"header {name} value holds U+{(int)c:X4}, which a field value may not (CR, LF and controls would let it inject lines)", nameof(value));
            }
        }
    }

    private int IndexOf(string name, int start)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = start; i < _count; i++)
        {
            string candidate = _fields[i].Name;
            if (ReferenceEquals(candidate, name) || string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private void RemoveFrom(string name, int start)
    {
        int write = start;
        for (int read = start; read < _count; read++)
        {
            if (!string.Equals(_fields[read].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                _fields[write++] = _fields[read];
            }
        }

        Array.Clear(_fields, write, _count - write);
        _count = write;
    }
}
