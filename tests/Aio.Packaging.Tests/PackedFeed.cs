using System.IO.Compression;
using System.Xml.Linq;

namespace Aio.Packaging.Tests;

/// <summary>
/// Packs every shipping library under src/ once per test run into a fresh local feed, with a version no earlier run
/// used (so no NuGet cache can hand back a stale package). Shipping libraries are what Directory.Build.props calls
/// so: every src/Aio* project except the CLI and the analyzers, which travel inside the Aio package.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    public PackedFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), "aio-pack-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Suffix = "packtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

        Projects = Directory.GetDirectories(Path.Combine(Dotnet.RepositoryRoot, "src"), "Aio*")
            .Select(Path.GetFileName)
            .Where(name => name is not null && name != "Aio.Cli" && !name.EndsWith(".Analyzers", StringComparison.Ordinal)
                           && !name.EndsWith(".CodeFixes", StringComparison.Ordinal))
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        foreach (string project in Projects)
        {
            PackOutput += Dotnet.RunOk(Dotnet.RepositoryRoot, "pack", $"src/{project}/{project}.csproj", "-c", "Release",
                "-o", Feed, $"-p:VersionSuffix={Suffix}");
        }
    }

    /// <summary>The temporary folder holding the feed and the consumer; removed at the end.</summary>
    public string Root { get; }

    /// <summary>The local feed: the .nupkg and .snupkg files.</summary>
    public string Feed { get; }

    /// <summary>The version suffix this run packed with; the prefix comes from build/Packaging.props.</summary>
    public string Suffix { get; }

    /// <summary>The shipping projects that were packed (package id = project name).</summary>
    public string[] Projects { get; }

    public string PackOutput { get; } = "";

    public string Package(string id) => Single(id, ".nupkg");

    public string Symbols(string id) => Single(id, ".snupkg");

    /// <summary>The nuspec of package <paramref name="id"/>, namespace stripped so tests can name elements plainly.</summary>
    public XElement Nuspec(string id)
    {
        using ZipArchive zip = ZipFile.OpenRead(Package(id));
        ZipArchiveEntry entry = zip.GetEntry(id + ".nuspec") ?? throw new InvalidOperationException($"{id}.nupkg has no nuspec");
        using Stream stream = entry.Open();
        XElement root = XElement.Load(stream);
        foreach (XElement element in root.DescendantsAndSelf())
        {
            element.Name = element.Name.LocalName;
        }
        return root.Element("metadata")!;
    }

    public static string[] Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    private string Single(string id, string extension)
    {
        string[] matches = Directory.GetFiles(Feed, $"{id}.*{extension}")
            .Where(p => Path.GetFileName(p).StartsWith(id + ".", StringComparison.Ordinal)
                        && char.IsDigit(Path.GetFileName(p)[id.Length + 1]))
            .ToArray();
        Assert.True(matches.Length == 1, $"expected one {id}{extension} in the feed, found: {string.Join(", ", Directory.GetFiles(Feed).Select(Path.GetFileName))}");
        return matches[0];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the folder is under the temp directory.
        }
    }
}
