using Aio.Http.Protocol;

namespace Aio.Http.Server;

/// <summary>
/// A file sent as the response (aiohttp's <c>web.FileResponse</c>), with <c>Content-Type</c> from the
/// extension, <c>Last-Modified</c>, <c>If-Modified-Since</c> (304) and a single <c>Range</c> (206, 416).
/// </summary>
/// <remarks>The file is read in <see cref="ChunkSize"/> pieces on the loop thread (local files, page cache); a slow disk blocks the loop meanwhile.</remarks>
public sealed class FileResponse : StreamResponse
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html", [".htm"] = "text/html", [".css"] = "text/css", [".js"] = "text/javascript",
        [".mjs"] = "text/javascript", [".json"] = "application/json", [".txt"] = "text/plain", [".md"] = "text/markdown",
        [".xml"] = "application/xml", [".svg"] = "image/svg+xml", [".png"] = "image/png", [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp", [".ico"] = "image/vnd.microsoft.icon",
        [".wasm"] = "application/wasm", [".pdf"] = "application/pdf", [".zip"] = "application/zip", [".gz"] = "application/gzip",
        [".mp4"] = "video/mp4", [".mp3"] = "audio/mpeg", [".woff"] = "font/woff", [".woff2"] = "font/woff2", [".csv"] = "text/csv",
    };

    /// <summary>Creates a response for the file at <paramref name="path"/>.</summary>
    public FileResponse(string path, int status = 200, HttpHeaders? headers = null)
        : base(status, null, headers)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = path;
    }

    /// <summary>The file sent.</summary>
    public string FilePath { get; }

    /// <summary>How many bytes are read and written at a time (256 KiB).</summary>
    public int ChunkSize { get; init; } = 256 * 1024;

    /// <summary>The content type guessed from a file name's extension (<c>application/octet-stream</c> if unknown).</summary>
    public static string GuessContentType(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Types.TryGetValue(System.IO.Path.GetExtension(path), out string? type) ? type : "application/octet-stream";
    }

    /// <summary>Sends the head and the file (or the requested range of it).</summary>
    /// <exception cref="HttpNotFound">The file does not exist.</exception>
    public override async Coroutine PrepareAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Prepared)
        {
            return;
        }

        var info = new FileInfo(FilePath);
        if (!info.Exists)
        {
            throw new HttpNotFound();
        }

        long length = info.Length;
        var modified = new DateTimeOffset(info.LastWriteTimeUtc.Ticks - (info.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        Headers.Set("Last-Modified", HttpDate.Format(modified));
        Headers.Set("Accept-Ranges", "bytes");
        if (ContentType is null)
        {
            string type = GuessContentType(FilePath);
            ContentType = type.StartsWith("text/", StringComparison.Ordinal) ? type + "; charset=utf-8" : type;
        }

        if (HttpDate.Parse(request.Headers["If-Modified-Since"]) is { } since && modified <= since)
        {
            SetStatus(304);
            await base.PrepareAsync(request);
            return;
        }

        long start = 0;
        long count = length;
        if (request.Headers["Range"] is { } range)
        {
            (long First, long Last)? r = ParseRange(range, length);
            if (r is null)
            {
                var error = new HttpException(416);
                error.Headers.Set("Content-Range", $"bytes */{length}");
                throw error;
            }

            if (r.Value.First >= 0)
            {
                start = r.Value.First;
                count = r.Value.Last - r.Value.First + 1;
                SetStatus(206);
                Headers.Set("Content-Range", $"bytes {start}-{r.Value.Last}/{length}");
            }
        }

        ContentLength = count;
        await base.PrepareAsync(request);
        if (request.Method == "HEAD" || count == 0)
        {
            return;
        }

        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        stream.Seek(start, SeekOrigin.Begin);
        byte[] buffer = new byte[(int)Math.Min(ChunkSize, count)];
        while (count > 0)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n == 0)
            {
                break;
            }

            count -= n;
            await WriteAsync(buffer.AsMemory(0, n));
        }
    }

    /// <summary>
    /// Parses one <c>bytes=</c> range: (first, last) when satisfiable; (-1, -1) to ignore the field
    /// (malformed or several ranges: the whole file is sent); null when unsatisfiable (416).
    /// </summary>
    internal static (long First, long Last)? ParseRange(string header, long length)
    {
        const string unit = "bytes=";
        if (!header.StartsWith(unit, StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return (-1, -1);
        }

        string spec = header[unit.Length..].Trim();
        int dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return (-1, -1);
        }

        string a = spec[..dash];
        string b = spec[(dash + 1)..];
        bool hasA = long.TryParse(a, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long first);
        bool hasB = long.TryParse(b, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long last);
        if ((a.Length > 0 && !hasA) || (b.Length > 0 && !hasB) || (!hasA && !hasB))
        {
            return (-1, -1);
        }

        if (!hasA)
        {
            // Suffix range: the last N bytes.
            return last == 0 || length == 0 ? null : (Math.Max(0, length - last), length - 1);
        }

        if (first >= length || (hasB && last < first))
        {
            return hasB && last < first ? (-1, -1) : null;
        }

        return (first, hasB ? Math.Min(last, length - 1) : length - 1);
    }
}
