using System.Diagnostics;

namespace Aio.Http.Tests.Support;

/// <summary>The HTTP peers the interop tests run, found once.</summary>
internal static class Peers
{
    public const string Curl = "/usr/bin/curl";
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> s_aiohttp = new(() =>
    {
        if (!File.Exists(Python))
        {
            return false;
        }

        using Process p = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiohttp"]) { RedirectStandardError = true })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    });

    public static bool HasAiohttp => s_aiohttp.Value;
}

/// <summary>A fact that needs curl; skipped with the reason where it is absent.</summary>
internal sealed class CurlFactAttribute : FactAttribute
{
    public CurlFactAttribute()
    {
        if (!File.Exists(Peers.Curl))
        {
            Skip = "curl is not installed (apt-get install curl)";
        }
    }
}

/// <summary>A fact that needs Python's aiohttp; skipped with the reason where it is absent.</summary>
internal sealed class AiohttpFactAttribute : FactAttribute
{
    public AiohttpFactAttribute()
    {
        if (!Peers.HasAiohttp)
        {
            Skip = "Python's aiohttp is not installed (apt-get install python3-aiohttp)";
        }
    }
}
