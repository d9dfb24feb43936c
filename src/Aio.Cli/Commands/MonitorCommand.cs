using System.Net.Sockets;
using System.Text;

namespace Aio.Cli.Commands;

/// <summary>
/// <c>aio monitor [HOST:PORT]</c>: a console client for Aio.Monitor (what <c>nc</c> or telnet would do,
/// with the terminal's own line editing). Lines typed go to the monitor; its answers are printed
/// as they come. Default 127.0.0.1:20101, aiomonitor's port.
/// </summary>
internal static class MonitorCommand
{
    public static int Run(string[] args)
    {
        if (args.Length > 1 || args is ["-h" or "--help"])
        {
            Console.Error.WriteLine("usage: aio monitor [HOST:PORT]   (default 127.0.0.1:20101)");
            return 2;
        }

        (string host, int port) = Parse(args.Length == 1 ? args[0] : "127.0.0.1:20101");
        using var client = new TcpClient();
        try
        {
            client.Connect(host, port);
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"aio monitor: cannot connect to {host}:{port}: {e.Message} (is the application running with AioMonitor.Start?)");
            return 1;
        }

        NetworkStream stream = client.GetStream();
        var printer = new Thread(() => Print(stream)) { IsBackground = true };
        printer.Start();
        while (printer.IsAlive && Console.ReadLine() is { } line)
        {
            try
            {
                stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
            }
            catch (IOException)
            {
                break;
            }

            if (line.Trim() is "exit" or "quit")
            {
                printer.Join(TimeSpan.FromSeconds(2));
                break;
            }
        }

        return 0;
    }

    private static void Print(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[8192];
        try
        {
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                int count = decoder.GetChars(buffer, 0, n, chars, 0);
                Console.Out.Write(chars, 0, count);
                Console.Out.Flush();
            }
        }
        catch (IOException)
        {
        }

        Console.Out.WriteLine();
        Console.Error.WriteLine("(connection closed; press Enter)");
    }

    internal static (string Host, int Port) Parse(string target)
    {
        int colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"'{target}' is not HOST:PORT (for example 127.0.0.1:20101)");
        }

        return (target[..colon].Trim('[', ']'), port);
    }
}
