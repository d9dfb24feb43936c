using Aio.Bench.Http;

namespace Aio.Bench;

internal static partial class Commands
{
    static partial void RegisterHttp(IDictionary<string, (string Help, Func<string[], int> Run)> commands)
    {
        commands["http-server"] = ("Aio.Http benchmark server: --port N; GET /plaintext, POST /echo; prints 'ready'", HttpBenchServer.Run);
        commands["http-compare"] = ("HTTP server: Aio.Http beside Kestrel and aiohttp on uvloop, one CPU each, wrk on the other (server CPU per request)", HttpCompare.Run);
    }
}
