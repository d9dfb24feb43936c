using System.Text;
using Aio.Testing;

namespace Aio.Cli;

/// <summary>One command of <c>aio</c>: how it is called, what it does, and what runs it.</summary>
/// <param name="Name">The word after <c>aio</c>.</param>
/// <param name="Arguments">Its positional arguments as the usage shows them, for example <c>NAME</c> or <c>[PORT]</c>.</param>
/// <param name="Summary">One line for <c>aio --help</c>.</param>
/// <param name="MinArguments">How many positional arguments it needs.</param>
/// <param name="MaxArguments">How many it takes at most.</param>
/// <param name="Run">Runs it with the positional arguments; returns the exit status.</param>
/// <param name="VirtualTime">Whether <c>--virtual-time</c> applies to it.</param>
/// <param name="ValueOptions">Options that take a value (<c>--url URL</c>), as the usage names them.</param>
internal sealed record Command(
    string Name,
    string Arguments,
    string Summary,
    int MinArguments,
    int MaxArguments,
    Func<Invocation, int> Run,
    bool VirtualTime = false,
    params string[] ValueOptions);

/// <summary>What a command runs with: its arguments and option values, where to write, and the virtual-time policy if one was asked for.</summary>
internal sealed record Invocation(
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Options,
    TextWriter Out,
    TextWriter Error,
    VirtualTimePolicy? VirtualTime);

/// <summary>
/// The <c>aio</c> command line: one table of commands that both parses the arguments and prints the
/// usage, so the two cannot disagree. Errors (an unknown command, option or example, a wrong number of
/// arguments) print what was wrong and the usage, and exit with status 2.
/// </summary>
internal static class CommandLine
{
    public const int UsageError = 2;

    private const string VirtualTimeOption = "--virtual-time";

    public static IReadOnlyList<Command> Commands { get; } =
    [
        new("tour", "[--virtual-time]", "run the guide's examples one after another, each under a heading", 0, 0, TourCommand.Run, VirtualTime: true),
        new("example", "NAME [--virtual-time] [--url URL]", "run one example; it prints exactly what the Python program prints (db-* examples need --url)", 1, 1, ExampleCommand.Run, VirtualTime: true, "--url"),
        new("list", "", "list the examples' names and headings", 0, 0, ListCommand.Run),
        new("echo-server", "[PORT]", "asyncio's TCP echo server example (default port 8888)", 0, 1, EchoCommands.Server),
        new("echo-client", "MESSAGE [PORT]", "asyncio's TCP echo client example", 1, 2, EchoCommands.Client),
        new("monitor", "[HOST:PORT]", "console client for Aio.Monitor (default 127.0.0.1:20101)", 0, 1, i => Aio.Cli.Commands.MonitorCommand.Run([.. i.Arguments])),
        new("monitor-demo", "[--console-port N] [--web-port M]", "a small application with the monitor on: ticker, worker-1, worker-2, deep; prints ready", 0, 0, i => Aio.Cli.Commands.MonitorDemoCommand.Run([.. i.Options.SelectMany(o => new[] { o.Key, o.Value })]), false, "--console-port", "--web-port"),
    ];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            (args.Length == 0 ? error : output).Write(Usage());
            return args.Length == 0 ? UsageError : 0;
        }

        Command? command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            return Fail(error, $"unknown command '{args[0]}'");
        }

        string[] rest = args[1..];
        if (rest.Any(a => a is "--help" or "-h"))
        {
            output.Write(Usage(command));
            return 0;
        }

        VirtualTimePolicy? virtualTime = null;
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < rest.Length; i++)
        {
            string arg = rest[i];
            if (arg == VirtualTimeOption && command.VirtualTime)
            {
                virtualTime ??= new VirtualTimePolicy();
            }
            else if (command.ValueOptions.Contains(arg))
            {
                if (i + 1 == rest.Length)
                {
                    return Fail(error, $"option '{arg}' needs a value", command);
                }

                options[arg] = rest[++i];
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) || (arg.StartsWith('-') && arg.Length > 1 && !char.IsDigit(arg[1])))
            {
                return Fail(error, $"unknown option '{arg}' for 'aio {command.Name}'", command);
            }
            else
            {
                positional.Add(arg);
            }
        }

        if (positional.Count < command.MinArguments || positional.Count > command.MaxArguments)
        {
            string expected = command.MinArguments == command.MaxArguments
                ? $"{command.MinArguments}"
                : $"{command.MinArguments} to {command.MaxArguments}";
            return Fail(error, $"'aio {command.Name}' takes {expected} argument{(command.MaxArguments == 1 ? "" : "s")}, got {positional.Count}", command);
        }

        if (virtualTime is not null)
        {
            Asyncio.SetEventLoopPolicy(virtualTime);
        }

        return command.Run(new Invocation(positional, options, output, error, virtualTime));
    }

    /// <summary>Reports a usage error and shows how the command (or every command) is called.</summary>
    public static int Fail(TextWriter error, string message, Command? command = null)
    {
        error.WriteLine($"aio: {message}");
        error.Write(Usage(command));
        return UsageError;
    }

    /// <summary>The usage text of one command, or of all of them.</summary>
    public static string Usage(Command? only = null)
    {
        var text = new StringBuilder("usage:\n");
        IEnumerable<Command> shown = only is null ? Commands : [only];
        int width = shown.Max(c => Call(c).Length);
        foreach (Command c in shown)
        {
            text.Append("  ").Append(Call(c).PadRight(width)).Append("   ").Append(c.Summary).Append('\n');
        }

        if (only is null)
        {
            text.Append("  aio --help").Append(' ', Math.Max(1, width - 10 + 3)).Append("this text\n");
        }

        return text.ToString();

        static string Call(Command c) => c.Arguments.Length == 0 ? $"aio {c.Name}" : $"aio {c.Name} {c.Arguments}";
    }
}
