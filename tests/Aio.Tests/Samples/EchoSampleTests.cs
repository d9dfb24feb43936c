using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Aio.Tests.Samples;

/// <summary>The echo server and client samples, run through the command line as a user would, talk to each other.</summary>
public partial class EchoSampleTests
{
    [GeneratedRegex(@"Serving on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ServingOn();

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Aio.Cli.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }

    [Fact]
    public void EchoClient_AgainstEchoServer_PrintsWhatAsyncioExamplesPrint()
    {
        using Process server = Start("echo-server", "0");
        try
        {
            string first = server.StandardOutput.ReadLine()!;
            Match port = ServingOn().Match(first);
            Assert.True(port.Success, first);
            using Process client = Start("echo-client", "Hello World!", port.Groups[1].Value);
            string clientOut = client.StandardOutput.ReadToEnd();
            Assert.True(client.WaitForExit(60_000));
            Assert.Equal("Send: 'Hello World!'\nReceived: 'Hello World!'\nClose the connection\n", clientOut);
            Assert.Matches(@"^Received 'Hello World!' from 127\.0\.0\.1:\d+$", server.StandardOutput.ReadLine()!);
            Assert.Equal("Send: 'Hello World!'", server.StandardOutput.ReadLine());
            Assert.Equal("Close the connection", server.StandardOutput.ReadLine());
        }
        finally
        {
            server.Kill();
            server.WaitForExit(10_000);
        }
    }
}
