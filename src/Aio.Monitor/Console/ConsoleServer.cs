using System.Security.Cryptography;
using System.Text;

namespace Aio.Monitor.Console;

/// <summary>
/// The line console (aiomonitor's telnet console, usable with <c>nc</c>): one task per client on the
/// monitor's loop, one command per line, each answer followed by the prompt. A client that must
/// present a token is asked for it first and dropped on a wrong one.
/// </summary>
internal sealed class ConsoleServer(AioMonitor monitor)
{
    /// <summary>What the console prints when it is ready for the next command.</summary>
    public const string Prompt = "monitor >>> ";

    private const int MaxLine = 4096;

    private readonly HashSet<AioStreamWriter> _clients = [];

    public async Coroutine ServeClientAsync(AioStreamReader reader, AioStreamWriter writer)
    {
        _clients.Add(writer);
        try
        {
            if (monitor.Options.Token is { Length: > 0 } token && !await AuthenticateAsync(reader, writer, token))
            {
                return;
            }

            var commands = new ConsoleCommands(monitor);
            await WriteAsync(writer, $"Aio monitor for loop #{monitor.Loop.Id}. Type help for commands.\n{Prompt}");
            while (true)
            {
                string? line = await ReadLineAsync(reader);
                if (line is null)
                {
                    return;
                }

                if (line.Length > MaxLine)
                {
                    await WriteAsync(writer, $"error: line longer than {MaxLine} characters\n{Prompt}");
                    continue;
                }

                (string output, bool exit) = await commands.ExecuteAsync(line);
                if (exit)
                {
                    await WriteAsync(writer, output);
                    return;
                }

                await WriteAsync(writer, output.Length == 0 ? Prompt : $"{output.TrimEnd('\n')}\n{Prompt}");
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or IncompleteReadError or LimitOverrunError)
        {
            // The client went away or sent garbage; nothing to tell it.
        }
        finally
        {
            _clients.Remove(writer);
            writer.Close();
        }
    }

    /// <summary>Closes every client (the monitor is stopping).</summary>
    public void CloseAll()
    {
        foreach (AioStreamWriter writer in _clients.ToArray())
        {
            writer.Close();
        }

        _clients.Clear();
    }

    private static async Coroutine<bool> AuthenticateAsync(AioStreamReader reader, AioStreamWriter writer, string token)
    {
        await WriteAsync(writer, "token required: send 'token SECRET'\n");
        string? line = await ReadLineAsync(reader);
        string given = line is not null && line.StartsWith("token ", StringComparison.Ordinal) ? line[6..].Trim() : string.Empty;
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token)))
        {
            return true;
        }

        await WriteAsync(writer, "error: bad token\n");
        return false;
    }

    private static async Coroutine<string?> ReadLineAsync(AioStreamReader reader)
    {
        byte[] line = await reader.ReadLineAsync();
        if (line.Length == 0)
        {
            return null;
        }

        return Encoding.UTF8.GetString(line).TrimEnd('\n', '\r');
    }

    private static async Coroutine WriteAsync(AioStreamWriter writer, string text)
    {
        writer.Write(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)));
        await writer.DrainAsync();
    }
}
