using Aio.Http.Client;
using Aio.Http.Server;

namespace Aio.Samples.Guide;

/// <summary>
/// The guide's web scraper: one <see cref="ClientSession"/>, a fetch per URL, all gathered. The pages
/// come from a local Aio.Http server that the example starts on a free port, as the conformance program
/// does with aiohttp's web server.
/// </summary>
public static class S19WebScraper
{
    private static readonly Dictionary<string, string> Pages = new()
    {
        ["page1"] = new string('a', 1256),
        ["page2"] = new string('b', 40),
        ["page3"] = new string('c', 70000),
    };

    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine<StreamResponse> Page(Request request) => new Response(Pages[request.MatchInfo["name"]]);

    private static async Coroutine<string> Fetch(ClientSession session, string url)
    {
        await using ClientResponse response = await session.GetAsync(url);
        return await response.TextAsync();
    }

    private static async Coroutine<string[]> ScrapeAll(IEnumerable<string> urls)
    {
        await using var session = new ClientSession();
        var tasks = new List<Coroutine<string>>();
        foreach (string url in urls)
        {
            tasks.Add(Fetch(session, url));
        }

        return await Asyncio.Gather(tasks.ToArray());
    }

    private static async Coroutine Main()
    {
        var app = new Application();
        app.Router.AddGet("/{name}", Page);
        var runner = new AppRunner(app);
        await runner.SetupAsync();
        var site = new TcpSite(runner, "127.0.0.1", 0);
        await site.StartAsync();
        int port = site.Port;
        string[] urls = [.. new[] { 1, 2, 3 }.Select(i => $"http://127.0.0.1:{port}/page{i}")];
        string[] results = await ScrapeAll(urls);
        for (int i = 0; i < results.Length; i++)
        {
            Console.WriteLine($"Page {i + 1} content size: {results[i].Length} characters");
        }

        await runner.CleanupAsync();
    }
}
