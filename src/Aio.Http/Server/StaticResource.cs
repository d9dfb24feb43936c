using System.Text;

namespace Aio.Http.Server;

/// <summary>
/// Files under a directory served at a URL prefix (aiohttp's <c>add_static</c>). A path that would
/// leave the directory (<c>..</c> segments, encoded or not, absolute paths, backslashes, NUL, or a
/// symbolic link pointing outside it) is answered 404, as is a directory.
/// </summary>
public sealed class StaticResource : Resource
{
    internal StaticResource(string prefix, string directory, string? name)
        : base(prefix, name)
    {
        Directory = System.IO.Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new DirectoryNotFoundException($"static directory {Directory} does not exist");
        }

        Add(new Route("GET", this, ServeAsync));
        Add(new Route("HEAD", this, ServeAsync));
    }

    /// <summary>The directory served (absolute).</summary>
    public string Directory { get; }

    /// <summary>The URL of a file under the prefix; <paramref name="parts"/> must hold <c>filename</c>.</summary>
    public override string UrlFor(IReadOnlyDictionary<string, string>? parts = null, MultiDict? query = null)
    {
        if (parts is null || !parts.TryGetValue("filename", out string? file))
        {
            throw new ArgumentException("a static URL needs a filename", nameof(parts));
        }

        string path = string.Join("/", file.TrimStart('/').Split('/').Select(Uri.EscapeDataString));
        return AppendQuery(new StringBuilder(Pattern.TrimEnd('/')).Append('/').Append(path), query);
    }

    /// <summary>Maps a URL tail to a file under <see cref="Directory"/>, or null when it would escape it.</summary>
    internal string? Resolve(string tail)
    {
        if (tail.Length == 0 || tail.Contains('\0', StringComparison.Ordinal) || tail.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        string[] segments = tail.Split('/');
        if (segments.Any(s => s is ".." or "." or ""))
        {
            return null;
        }

        string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, System.IO.Path.Join(segments)));
        if (!full.StartsWith(Directory + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        // No symbolic link may lead out of the directory (aiohttp's follow_symlinks=False default).
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.FullName.StartsWith(Directory + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return null;
            }
        }

        return info.Exists ? full : null;
    }

    internal override Dictionary<string, string>? Match(string path)
    {
        string prefix = Pattern.TrimEnd('/') + "/";
        return path.StartsWith(prefix, StringComparison.Ordinal)
            ? new Dictionary<string, string>(StringComparer.Ordinal) { ["filename"] = path[prefix.Length..] }
            : null;
    }

    private Coroutine<StreamResponse> ServeAsync(Request request)
    {
        string? file = Resolve(request.MatchInfo["filename"]);
        if (file is null)
        {
            throw new HttpNotFound();
        }

        return FromResult(new FileResponse(file));
    }

#pragma warning disable CS1998 // An async method without awaits is the simplest way to make a finished coroutine.
    private static async Coroutine<StreamResponse> FromResult(StreamResponse response) => response;
#pragma warning restore CS1998
}
