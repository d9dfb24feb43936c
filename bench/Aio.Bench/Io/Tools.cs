using System.Diagnostics;

namespace Aio.Bench.Io;

/// <summary>The native client and floor server (built with gcc) and the .NET sockets peer (built with dotnet).</summary>
internal sealed class Tools
{
    public required string EchoLoad { get; init; }

    public required string EchoServerC { get; init; }

    public required string DotnetEcho { get; init; }

    public static Tools Build(string repo, string work)
    {
        string echo = Path.Combine(repo, "bench", "echo");
        var tools = new Tools
        {
            EchoLoad = Path.Combine(work, "echoload"),
            EchoServerC = Path.Combine(work, "echoserver"),
            DotnetEcho = Path.Combine(work, "dotnet_echo", "dotnet_echo"),
        };
        Exec("gcc", "-O2", "-o", tools.EchoLoad, Path.Combine(echo, "echoload.c"));
        Exec("gcc", "-O2", "-o", tools.EchoServerC, Path.Combine(echo, "echoserver.c"));
        Exec("dotnet", "build", Path.Combine(repo, "bench", "peers", "dotnet_echo"), "-c", "Release", "-o", Path.Combine(work, "dotnet_echo"), "-v", "q", "-nologo");
        return tools;
    }

    /// <summary>The versions of the peers' runtimes, for the report.</summary>
    public static string Versions()
    {
        string python = Output("/usr/bin/python3", "-c", "import sys; print(sys.version.split()[0])");
        string uvloop = Output("/usr/bin/python3", "-c", "import uvloop; print(uvloop.__version__)");
        string node = Output("node", "--version");
        return $"CPython {python}, uvloop {uvloop}, Node {node}";
    }

    public static string Output(string file, params string[] args)
    {
        try
        {
            using Process p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            string text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? text : "n/a";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "n/a";
        }
    }

    private static void Exec(string file, params string[] args)
    {
        using Process p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output}");
        }
    }
}
