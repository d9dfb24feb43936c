using System.Globalization;
using Aio.Samples.Net;

namespace Aio.Cli;

/// <summary><c>aio echo-server</c> and <c>aio echo-client</c>: asyncio's TCP echo examples.</summary>
internal static class EchoCommands
{
    private const int DefaultPort = 8888;

    public static int Server(Invocation invocation)
    {
        if (!TryPort(invocation, 0, out int port))
        {
            return CommandLine.UsageError;
        }

        EchoServer.Run(port);
        return 0;
    }

    public static int Client(Invocation invocation)
    {
        if (!TryPort(invocation, 1, out int port))
        {
            return CommandLine.UsageError;
        }

        EchoClient.Run(invocation.Arguments[0], port);
        return 0;
    }

    private static bool TryPort(Invocation invocation, int index, out int port)
    {
        port = DefaultPort;
        if (invocation.Arguments.Count <= index)
        {
            return true;
        }

        string text = invocation.Arguments[index];
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535)
        {
            return true;
        }

        invocation.Error.WriteLine($"aio: '{text}' is not a port number (0-65535; 0 picks a free one)");
        return false;
    }
}
