using Aio.Bench.Io;

namespace Aio.Bench;

internal static partial class Commands
{
    static partial void RegisterIdle(IDictionary<string, (string Help, Func<string[], int> Run)> commands) =>
        commands["idle-compare"] = ("[--conns 10000] [--rounds 1] [--only a,b] [--client-cpu 1] resident bytes per idle TCP connection: Aio streams/protocol, uvloop, asyncio", IdleCompare.Run);
}
