using System.Text.RegularExpressions;

namespace Aio.Packaging.Tests;

/// <summary>
/// A packaging test. Skipped in CI's second pass on the poll reactor (AIO_REACTOR=poll): packing does not depend
/// on the reactor, and the first pass already packed and ran the packages.
/// </summary>
internal class PackagingFactAttribute : FactAttribute
{
    public PackagingFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("AIO_REACTOR") == "poll")
        {
            Skip = "packaging does not depend on the reactor: covered by the run on the default reactor";
        }
    }
}

/// <summary>A packaging test that needs SourceLink, which is on only where the clone's origin is on GitHub (build/Packaging.props).</summary>
internal sealed class GitHubOriginFactAttribute : PackagingFactAttribute
{
    public GitHubOriginFactAttribute()
    {
        if (Skip is null && !HasGitHubOrigin())
        {
            Skip = "SourceLink is off: this clone's remote \"origin\" is not a GitHub URL (build/Packaging.props)";
        }
    }

    private static bool HasGitHubOrigin()
    {
        (int code, string url) = Git("remote", "get-url", "origin");
        return code == 0 && Regex.IsMatch(url, @"github\.com[:/]");
    }

    private static (int, string) Git(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = Dotnet.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = System.Diagnostics.Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Trim());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
