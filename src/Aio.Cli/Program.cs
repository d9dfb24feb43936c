using Aio.Cli;

// aio: the guide's examples on Aio. `aio --help` lists the commands (CommandLine.cs defines them).
return CommandLine.Run(args, Console.Out, Console.Error);
