using System.Collections;
using System.Diagnostics;

namespace Aio.Http.Server;

/// <summary>
/// An ordered, multi-valued, case-sensitive string map (aiohttp's <c>MultiDict</c>), used for query
/// parameters and form fields.
/// </summary>
[DebuggerDisplay("Count = {Count}")]
public sealed class MultiDict : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items = new();

    /// <summary>The number of entries (a key given twice counts twice).</summary>
    public int Count => _items.Count;

    /// <summary>The entry at <paramref name="index"/>, in insertion order.</summary>
    public KeyValuePair<string, string> this[int index] => _items[index];

    /// <summary>The first value of <paramref name="key"/>, or null.</summary>
    public string? this[string key] => TryGetValue(key, out string? value) ? value : null;

    /// <summary>Appends an entry.</summary>
    public void Add(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _items.Add(new KeyValuePair<string, string>(key, value));
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>Gets the first value of <paramref name="key"/>.</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        foreach (KeyValuePair<string, string> item in _items)
        {
            if (item.Key == key)
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Every value of <paramref name="key"/> in order (aiohttp's <c>getall</c>).</summary>
    public IReadOnlyList<string> GetAll(string key) => _items.Where(i => i.Key == key).Select(i => i.Value).ToArray();

    /// <summary>Enumerates the entries in order.</summary>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Parses <c>application/x-www-form-urlencoded</c> text (a query string or a form body).</summary>
    public static MultiDict ParseUrlEncoded(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new MultiDict();
        foreach (string pair in text.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? pair : pair[..eq];
            string value = eq < 0 ? string.Empty : pair[(eq + 1)..];
            result.Add(Decode(key), Decode(value));
        }

        return result;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
