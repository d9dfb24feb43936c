using Aio.Bench.Io;

namespace Aio.Bench;

internal static partial class Commands
{
    static partial void RegisterIo(IDictionary<string, (string Help, Func<string[], int> Run)> commands)
    {
        commands["echo-server"] = ("Aio echo server: --port N [--api streams|protocol] [--loops N]; prints 'ready'", EchoServers.Run);
        commands["echo-scaling"] = ("Loop-group scaling: Aio's protocol echo server on 1 and 2 loops (SO_REUSEPORT)", EchoScaling.Run);
        commands["echo-compare"] = ("TCP echo: Aio beside the C floor, asyncio, uvloop, Node, .NET sockets (server CPU per trip)", EchoCompare.Run);
    }
}
