using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.RegularExpressions;

namespace Aio.Packaging.Tests;

/// <summary>
/// `dotnet pack` makes NuGet-ready packages (issue 7, item 8): metadata, README, XML docs, symbols, one version,
/// the analyzers inside Aio, and a throwaway console project that restores them from a local feed builds and runs.
/// </summary>
public sealed class PackageTests : IClassFixture<PackedFeed>
{
    private readonly PackedFeed _feed;

    public PackageTests(PackedFeed feed) => _feed = feed;

    [PackagingFact]
    public void EveryShippingLibrary_IsPacked_WithItsMetadataAndOneVersion()
    {
        Assert.Contains("Aio", _feed.Projects);
        Assert.Contains("Aio.Testing", _feed.Projects);
        string? version = null;
        foreach (string id in _feed.Projects)
        {
            var nuspec = _feed.Nuspec(id);
            Assert.Equal(id, (string?)nuspec.Element("id"));
            string packageVersion = (string)nuspec.Element("version")!;
            Assert.EndsWith("-" + _feed.Suffix, packageVersion, StringComparison.Ordinal);
            version ??= packageVersion;
            Assert.Equal(version, packageVersion);                       // set once, for every package
            Assert.False(string.IsNullOrWhiteSpace((string?)nuspec.Element("description")), $"{id} has no description");
            Assert.Equal("expression", (string?)nuspec.Element("license")?.Attribute("type"));
            Assert.Equal("MIT", (string?)nuspec.Element("license"));
            Assert.Equal("README.md", (string?)nuspec.Element("readme"));
            Assert.False(string.IsNullOrWhiteSpace((string?)nuspec.Element("authors")));

            string[] entries = PackedFeed.Entries(_feed.Package(id));
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);          // XML docs for IntelliSense
            Assert.DoesNotContain(entries, e => e.EndsWith(".pdb", StringComparison.Ordinal)); // symbols go in the .snupkg
            Assert.Contains($"lib/net10.0/{id}.pdb", PackedFeed.Entries(_feed.Symbols(id)));
        }
    }

    [PackagingFact]
    public void AioTesting_DependsOnAio_OfTheSameVersion()
    {
        var nuspec = _feed.Nuspec("Aio.Testing");
        string version = (string)nuspec.Element("version")!;
        var aio = nuspec.Descendants("dependency").SingleOrDefault(d => (string?)d.Attribute("id") == "Aio");
        Assert.NotNull(aio);
        Assert.Equal(version, (string?)aio.Attribute("version"));
    }

    [PackagingFact]
    public void AioPackage_CarriesTheAnalyzersAndCodeFixes_AndNoDependencyOnThem()
    {
        string[] entries = PackedFeed.Entries(_feed.Package("Aio"));
        Assert.Contains("analyzers/dotnet/cs/Aio.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Aio.Analyzers.CodeFixes.dll", entries);
        var dependencies = _feed.Nuspec("Aio").Descendants("dependency").Select(d => (string)d.Attribute("id")!).ToArray();
        Assert.DoesNotContain(dependencies, d => d.StartsWith("Aio", StringComparison.Ordinal) || d.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.SourceLink", StringComparison.Ordinal));
    }

    [PackagingFact]
    public void SymbolPackage_HoldsPortablePdbs()
    {
        foreach (string id in _feed.Projects)
        {
            using MetadataReaderProvider pdb = ReadPdb(id);
            MetadataReader reader = pdb.GetMetadataReader();            // throws unless it is a portable PDB
            Assert.True(reader.Documents.Count > 0, $"{id}.pdb lists no source documents");
        }
    }

    [GitHubOriginFact]
    public void SourceLink_MapsTheSourcesToTheCommitOnGitHub()
    {
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        using MetadataReaderProvider pdb = ReadPdb("Aio");
        MetadataReader reader = pdb.GetMetadataReader();
        string? json = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == sourceLinkKind)
            .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        Assert.NotNull(json);
        Assert.Matches(new Regex("https://raw\\.githubusercontent\\.com/[^\"]+/[0-9a-f]{40}/\\*"), json);
        var repository = _feed.Nuspec("Aio").Element("repository");
        Assert.NotNull(repository);
        Assert.Contains("github.com", (string?)repository.Attribute("url"), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit"));
    }

    [PackagingFact]
    public void FreshConsoleProject_RestoresThePackagesFromALocalFeed_BuildsAndRuns()
    {
        string version = (string)_feed.Nuspec("Aio").Element("version")!;
        string project = Path.Combine(_feed.Root, "consumer");
        Directory.CreateDirectory(project);
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        // Aio's packages come only from the fresh feed; their dependencies from the packages this machine already
        // restored (a folder feed), so the test needs no network and leaves nothing in the user's NuGet cache.
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="aio" value="{_feed.Feed}" />
                <add key="machine" value="{globalPackages}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="aio"><package pattern="Aio" /><package pattern="Aio.*" /></packageSource>
                <packageSource key="machine"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{Path.Combine(_feed.Root, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Aio" Version="{version}" />
                <PackageReference Include="Aio.Testing" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Aio;
            using Aio.Testing;

            static async Coroutine<string> Fetch(int id)
            {
                await Asyncio.Sleep(0.01);
                return $"data {id}";
            }

            static async Coroutine Main()
            {
                string[] results = await Asyncio.Gather(Fetch(1), Fetch(2));
                Console.WriteLine(string.Join(", ", results));
                await Task.Delay(1);                          // AIO0001: the packaged analyzer must see this
                try
                {
                    await Asyncio.WaitFor(Asyncio.Sleep(10), 0.01);
                }
                catch (TimeoutException)
                {
                    Console.WriteLine("timed out");
                }
            }

            Asyncio.Run(Main());
            VirtualTime.Run(async () =>
            {
                double start = Asyncio.GetRunningLoop().Time();
                await Asyncio.Sleep(3600);
                Console.WriteLine($"virtual {Asyncio.GetRunningLoop().Time() - start:F0} s");
            });
            """);

        string build = Dotnet.RunOk(project, "build", "-c", "Release");
        Assert.Matches(new Regex(@"Program\.cs\(14,\d+\): warning AIO0001: 'Task\.Delay' can take a CancellationToken"), build);

        string output = Dotnet.RunOk(project, "run", "-c", "Release", "--no-build");
        Assert.Equal(["data 1, data 2", "timed out", "virtual 3600 s"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private MetadataReaderProvider ReadPdb(string id)
    {
        using ZipArchive zip = ZipFile.OpenRead(_feed.Symbols(id));
        ZipArchiveEntry entry = zip.GetEntry($"lib/net10.0/{id}.pdb")!;
        var bytes = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(bytes);
        }
        bytes.Position = 0;
        return MetadataReaderProvider.FromPortablePdbStream(bytes);
    }
}
