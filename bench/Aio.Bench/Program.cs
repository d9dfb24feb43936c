// Aio's benchmarks. Each command lives in its own file and prints `name value unit` lines;
// the `*-compare` commands run Aio and its peers in one run and print ratios (see bench/README.md).
//
//   dotnet run -c Release --project bench/Aio.Bench -- COMMAND [args]
using Aio.Bench;

var commands = new SortedDictionary<string, (string Help, Func<string[], int> Run)>(StringComparer.Ordinal);
Commands.Register(commands);

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine("usage: Aio.Bench COMMAND [args]");
    foreach (var (name, (help, _)) in commands)
    {
        Console.Error.WriteLine($"  {name,-16} {help}");
    }

    return 2;
}

return command.Run(args[1..]);
