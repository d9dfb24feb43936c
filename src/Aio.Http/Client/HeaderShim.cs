using System.Collections;

namespace Aio.Http.Client;

/// <summary>
/// Case-insensitive, multi-valued header fields in arrival order. Placeholder until the shared header
/// collection of Protocol/ is merged; it will be replaced by that type.
/// </summary>
public sealed class ClientHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    /// <summary>How many fields (a name with two values counts twice).</summary>
    public int Count => _items.Count;

    /// <summary>The first value of <paramref name="name"/>, or null; setting replaces every value.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (KeyValuePair<string, string> kv in _items)
            {
                if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return kv.Value;
                }
            }

            return null;
        }

        set
        {
            Remove(name);
            if (value is not null)
            {
                Add(name, value);
            }
        }
    }

    /// <summary>Adds a value, keeping the others of the same name.</summary>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _items.Add(new(name, value));
    }

    /// <summary>Whether a field of that name is present.</summary>
    public bool Contains(string name) => this[name] is not null;

    /// <summary>Every value of <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> GetAll(string name) =>
        _items.Where(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Select(kv => kv.Value).ToList();

    /// <summary>Removes every value of <paramref name="name"/>; true if there was one.</summary>
    public bool Remove(string name) => _items.RemoveAll(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;

    /// <summary>A copy.</summary>
    public ClientHeaders Clone()
    {
        var copy = new ClientHeaders();
        copy._items.AddRange(_items);
        return copy;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
