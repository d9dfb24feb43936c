using System.Text;
using System.Text.RegularExpressions;

namespace Aio.Http.Server;

/// <summary>
/// A path pattern with its routes (aiohttp's <c>Resource</c>): a plain path (<c>/about</c>), or one with
/// variables, <c>{name}</c> matching one path segment and <c>{name:regex}</c> matching the regex.
/// Named resources build URLs with <see cref="UrlFor"/>.
/// </summary>
public class Resource
{
    private readonly List<Route> _routes = new();
    private readonly Regex? _regex;
    private readonly List<(string? Literal, string? Variable)> _parts = new();

    internal Resource(string pattern, string? name)
    {
        if (pattern.Length == 0 || pattern[0] != '/')
        {
            throw new ArgumentException($"path {pattern} must start with /", nameof(pattern));
        }

        Pattern = pattern;
        Name = name;
        _regex = Compile(pattern, _parts);
    }

    /// <summary>The pattern as registered.</summary>
    public string Pattern { get; }

    /// <summary>The name given at registration, or null.</summary>
    public string? Name { get; }

    /// <summary>The routes on this resource, by method.</summary>
    public IReadOnlyList<Route> Routes => _routes;

    /// <summary>Whether the pattern has no variables.</summary>
    public bool IsPlain => _regex is null;

    /// <summary>
    /// Builds the URL of this resource with its variables filled in (aiohttp's <c>url_for</c>); values
    /// are percent-encoded, and <paramref name="query"/> is appended.
    /// </summary>
    /// <exception cref="ArgumentException">A variable is missing.</exception>
    public virtual string UrlFor(IReadOnlyDictionary<string, string>? parts = null, MultiDict? query = null)
    {
        var url = new StringBuilder();
        foreach ((string? literal, string? variable) in _parts)
        {
            if (literal is not null)
            {
                url.Append(literal);
            }
            else if (parts is not null && parts.TryGetValue(variable!, out string? value))
            {
                url.Append(Uri.EscapeDataString(value));
            }
            else
            {
                throw new ArgumentException($"URL of {Pattern} needs a value for {{{variable}}}", nameof(parts));
            }
        }

        return AppendQuery(url, query);
    }

    /// <summary>Describes the resource.</summary>
    public override string ToString() => $"<Resource {Name ?? "(unnamed)"} {Pattern}>";

    internal static string AppendQuery(StringBuilder url, MultiDict? query)
    {
        if (query is { Count: > 0 })
        {
            url.Append('?').Append(string.Join("&", query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        }

        return url.ToString();
    }

    internal void Add(Route route)
    {
        if (_routes.Any(r => r.Method == route.Method))
        {
            throw new InvalidOperationException($"{route.Method} {Pattern} is already registered");
        }

        _routes.Add(route);
    }

    /// <summary>Matches a decoded path; returns the variables (empty for a plain path) or null.</summary>
    internal virtual Dictionary<string, string>? Match(string path)
    {
        if (_regex is null)
        {
            return path == Pattern ? new Dictionary<string, string>() : null;
        }

        System.Text.RegularExpressions.Match m = _regex.Match(path);
        if (!m.Success)
        {
            return null;
        }

        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((_, string? variable) in _parts)
        {
            if (variable is not null)
            {
                info[variable] = m.Groups[variable].Value;
            }
        }

        return info;
    }

    private static Regex? Compile(string pattern, List<(string?, string?)> parts)
    {
        var regex = new StringBuilder("^");
        var literal = new StringBuilder();
        bool dynamic = false;
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (c == '}')
            {
                throw new ArgumentException($"unbalanced }} in path {pattern}", nameof(pattern));
            }

            if (c != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }

            int depth = 0;
            int end = i;
            for (; end < pattern.Length; end++)
            {
                depth += pattern[end] == '{' ? 1 : pattern[end] == '}' ? -1 : 0;
                if (depth == 0)
                {
                    break;
                }
            }

            if (end == pattern.Length)
            {
                throw new ArgumentException($"unbalanced {{ in path {pattern}", nameof(pattern));
            }

            string inner = pattern[(i + 1)..end];
            int colon = inner.IndexOf(':', StringComparison.Ordinal);
            string name = colon < 0 ? inner : inner[..colon];
            string expr = colon < 0 ? "[^{}/]+" : inner[(colon + 1)..];
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_') || char.IsAsciiDigit(name[0]))
            {
                throw new ArgumentException($"invalid variable name {{{name}}} in path {pattern}", nameof(pattern));
            }

            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), null));
                regex.Append(Regex.Escape(literal.ToString()));
                literal.Clear();
            }

            parts.Add((null, name));
            regex.Append("(?<").Append(name).Append('>').Append(expr).Append(')');
            dynamic = true;
            i = end + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), null));
            regex.Append(Regex.Escape(literal.ToString()));
        }

        return dynamic ? new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
    }
}
