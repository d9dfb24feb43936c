using System.Text;

namespace Aio.Http.Protocol;

/// <summary>
/// Reads <c>type; name=value</c> header values (<c>Content-Type</c>, <c>Content-Disposition</c>) and
/// charsets, for the client's responses, the server's requests and multipart parts alike.
/// </summary>
internal static class HeaderParameters
{
    /// <summary>The media type of a <c>Content-Type</c> value, lower-cased, without parameters; <c>application/octet-stream</c> when absent (as aiohttp).</summary>
    public static string MediaType(string? contentType)
    {
        int semicolon = contentType?.IndexOf(';', StringComparison.Ordinal) ?? -1;
        string type = (semicolon < 0 ? contentType : contentType![..semicolon])?.Trim() ?? string.Empty;
        return type.Length > 0 ? type.ToLowerInvariant() : "application/octet-stream";
    }

    /// <summary>The parameter <paramref name="name"/> (case-insensitive) of a header value, unquoted; null when absent.</summary>
    public static string? Get(string? header, string name)
    {
        if (header is null)
        {
            return null;
        }

        foreach (string part in header.Split(';').Skip(1))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return part[(eq + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }

    /// <summary>The encoding named <paramref name="charset"/> (UTF-8 when null); false when the name is unknown.</summary>
    public static bool TryGetEncoding(string? charset, out Encoding encoding)
    {
        encoding = Encoding.UTF8;
        if (charset is null)
        {
            return true;
        }

        try
        {
            encoding = Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
