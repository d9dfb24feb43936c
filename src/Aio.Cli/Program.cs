using Aio;
using Aio.Samples.Guide;
using Aio.Samples.Net;
using Aio.Testing;

// aio: the guide's examples on Aio.
//   aio tour [--virtual-time]                 every example in order, each under a heading
//   aio example NAME [--virtual-time]         one example; stdout is exactly what the Python program prints
//   aio list                                  the example names
//   aio echo-server [PORT]                    asyncio's TCP echo server example (default port 8888)
//   aio echo-client MESSAGE [PORT]            asyncio's TCP echo client example
return Cli.Run(args);

internal static class Cli
{
    public static int Run(string[] args)
    {
        var rest = args.Where(a => a != "--virtual-time").ToList();
        if (args.Contains("--virtual-time"))
        {
            Asyncio.SetEventLoopPolicy(new VirtualTimePolicy());
        }

        switch (rest.FirstOrDefault())
        {
            case "tour":
                return Tour();
            case "example" when rest.Count == 2:
                return Example(rest[1]);
            case "echo-server" when rest.Count <= 2:
                EchoServer.Run(rest.Count == 2 ? int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) : 8888);
                return 0;
            case "echo-client" when rest.Count is 2 or 3:
                EchoClient.Run(rest[1], rest.Count == 3 ? int.Parse(rest[2], System.Globalization.CultureInfo.InvariantCulture) : 8888);
                return 0;
            case "monitor": return Aio.Cli.Commands.MonitorCommand.Run(rest.Skip(1).ToArray());
            case "monitor-demo": return Aio.Cli.Commands.MonitorDemoCommand.Run(rest.Skip(1).ToArray());
            case "list":
                foreach (GuideExample e in GuideExamples.Tour)
                {
                    Console.WriteLine($"{e.Name,-28} {e.Title}");
                }

                return 0;
            default:
                Console.Error.WriteLine("usage: aio tour [--virtual-time] | aio example NAME [--virtual-time] | aio list | aio echo-server [PORT] | aio echo-client MESSAGE [PORT]");
                return 2;
        }
    }

    private static int Tour()
    {
        foreach (GuideExample example in GuideExamples.Tour)
        {
            Console.WriteLine($"== {example.Name}: {example.Title}");
            example.Run();
            Console.WriteLine();
        }

        return 0;
    }

    private static int Example(string name)
    {
        if (GuideExamples.Find(name) is not { } example)
        {
            Console.Error.WriteLine($"aio: no example named '{name}'; 'aio list' shows them");
            return 2;
        }

        example.Run();
        return 0;
    }
}
