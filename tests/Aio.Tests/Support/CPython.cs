using System.Diagnostics;

namespace Aio.Tests.Support;

/// <summary>Finds a CPython 3.11+ to check the recorded twins against; tests that need it are skipped without one.</summary>
internal static class CPython
{
    private static readonly Lazy<string?> s_path = new(Find);

    public static string? Path => s_path.Value;

    public static (int ExitCode, string Output) Run(string script, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path!, [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = System.IO.Path.GetDirectoryName(script),
        };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout}");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    private static string? Find()
    {
        foreach (string candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using Process? p = Process.Start(new ProcessStartInfo(candidate, ["-c", "import sys; print(sys.version_info >= (3, 11))"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                });
                if (p is not null && p.WaitForExit(10_000) && p.StandardOutput.ReadToEnd().Trim() == "True")
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name.
            }
        }

        return null;
    }
}

/// <summary>A fact that needs CPython 3.11+; skipped where there is none.</summary>
internal sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (CPython.Path is null)
        {
            Skip = "CPython 3.11+ is not installed";
        }
    }
}
