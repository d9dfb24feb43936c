using Aio.Bench.HttpClientBench;

namespace Aio.Bench;

internal static partial class Commands
{
    static partial void RegisterHttpClient(IDictionary<string, (string Help, Func<string[], int> Run)> commands)
    {
        commands["http-client-compare"] = ("HTTP client: Aio.Http's client beside HttpClient and aiohttp's client against one Aio.Http server (client CPU per request) [--requests N] [--concurrency C] [--rounds R]", HttpClientCompare.Run);
        commands["http-client-target"] = ("The server of http-client-compare: Aio.Http, GET /plaintext; prints 'ready PORT'", HttpClientCompare.Target);
        commands["http-client-run"] = ("One client of http-client-compare: aio|httpclient URL REQUESTS CONCURRENCY; prints its figures", HttpClientCompare.Client);
    }
}
