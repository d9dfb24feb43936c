using System.Diagnostics;
using System.Net;
using System.Text;
using Aio.Http.Server;
using Aio.Http.Testing;
using Aio.Http.Tests.Support;

namespace Aio.Http.Tests.Server;

/// <summary>Aio's server against real peers on loopback: .NET's HttpClient, curl and Python's aiohttp client (real time).</summary>
public sealed class InteropTests
{
    private static Application App()
    {
        Application app = Handlers.Echo();
#pragma warning disable CS1998
        app.Router.AddGet("/json/{id:\\d+}", async r => Response.Json(new { id = int.Parse(r.MatchInfo["id"], System.Globalization.CultureInfo.InvariantCulture), q = r.Query["q"] }));
        app.Router.AddGet("/cookie", async r =>
        {
            var response = new Response("cookie:" + (r.Cookies.TryGetValue("n", out string? n) ? n : "none"));
            response.SetCookie("n", "1");
            return response;
        });
#pragma warning restore CS1998
        app.Router.AddGet("/stream", async r =>
        {
            var response = new StreamResponse();
            await response.PrepareAsync(r);
            for (int i = 0; i < 5; i++)
            {
                await response.WriteAsync(Encoding.ASCII.GetBytes($"part{i};"));
            }

            return response;
        });
        return app;
    }

    /// <summary>Runs a server on a real-time loop while <paramref name="client"/> runs on a worker thread.</summary>
    private static void WithServer(Action<int> client) => Asyncio.Run(async () =>
    {
        await using TestServer server = await TestServer.StartAsync(App());
        int port = server.Port;
        await Asyncio.ToThread(() => client(port));
    });

    [Fact]
    public void HttpClient_KeepAliveJsonChunkedAndPost_Work()
    {
        WithServer(port =>
        {
            using var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal("Hello, World!", http.GetStringAsync("/plaintext").GetAwaiter().GetResult());
            Assert.Equal("{\"id\":7,\"q\":\"a b\"}", http.GetStringAsync("/json/7?q=a%20b").GetAwaiter().GetResult());
            Assert.Equal("part0;part1;part2;part3;part4;", http.GetStringAsync("/stream").GetAwaiter().GetResult());
            using var content = new ByteArrayContent(new byte[100_000]);
            HttpResponseMessage posted = http.PostAsync("/length", content).GetAwaiter().GetResult();
            Assert.Equal("100000", posted.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            Assert.Equal("cookie:none", http.GetStringAsync("/cookie").GetAwaiter().GetResult());
            Assert.Equal("cookie:1", http.GetStringAsync("/cookie").GetAwaiter().GetResult());
            HttpResponseMessage missing = http.GetAsync("/nope").GetAwaiter().GetResult();
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Put, "/plaintext");
            HttpResponseMessage notAllowed = http.SendAsync(request).GetAwaiter().GetResult();
            Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed.StatusCode);
            Assert.Contains("GET", notAllowed.Content.Headers.Allow);
        });
    }

    [Fact]
    public void HttpClient_ChunkedUploadAndExpectContinue_Work()
    {
        WithServer(port =>
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/length") { Content = new StreamContent(new MemoryStream(new byte[70_000])) };
            request.Headers.TransferEncodingChunked = true;
            request.Headers.ExpectContinue = true;
            HttpResponseMessage response = http.SendAsync(request).GetAwaiter().GetResult();
            Assert.Equal("70000", response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        });
    }

    [CurlFact]
    public void Curl_KeepAliveChunkedUploadAndHead_Work()
    {
        WithServer(port =>
        {
            string url = $"http://127.0.0.1:{port}";
            (int code, string output) = Run("/usr/bin/curl", "-s", "-v", $"{url}/plaintext", $"{url}/plaintext");
            Assert.Equal(0, code);
            Assert.Contains("Hello, World!Hello, World!", output, StringComparison.Ordinal);
            Assert.Contains("Re-using existing connection", output, StringComparison.Ordinal);
            (code, output) = Run("/usr/bin/curl", ["-s", "-H", "Transfer-Encoding: chunked", "--data-binary", "@-", $"{url}/length"], new string('z', 12345));
            Assert.Equal("12345", output);
            (code, output) = Run("/usr/bin/curl", "-s", "-I", $"{url}/plaintext");
            Assert.Contains("content-length: 13", output.ToLowerInvariant(), StringComparison.Ordinal);
            (code, output) = Run("/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--path-as-is", $"{url}/../../etc/passwd");
            Assert.Equal("404", output);
        });
    }

    [AiohttpFact]
    public void AiohttpClient_GetPostAndStream_Work()
    {
        const string python = Peers.Python;
        WithServer(port =>
        {
            string script = """
                import asyncio, sys, aiohttp
                async def main(base):
                    async with aiohttp.ClientSession(base) as s:
                        for _ in range(3):
                            async with s.get("/plaintext") as r:
                                print(r.status, await r.text())
                        async with s.post("/echo", data=b"x" * 70000) as r:
                            print(len(await r.read()))
                        async with s.get("/json/3", params={"q": "z"}) as r:
                            print(await r.json())
                        async with s.get("/stream") as r:
                            print(r.headers.get("Transfer-Encoding"), await r.text())
                        async with s.post("/echo", data=aiohttp.FormData({"a": "1"})) as r:
                            print(await r.text())
                asyncio.run(main(sys.argv[1]))
                """;
            (int code, string output) = Run(python, "-c", script, $"http://127.0.0.1:{port}");
            Assert.True(code == 0, output);
            Assert.Equal(
                "200 Hello, World!\n200 Hello, World!\n200 Hello, World!\n70000\n{'id': 3, 'q': 'z'}\nchunked part0;part1;part2;part3;part4;\na=1\n",
                output);
        });
    }

    private static (int Code, string Output) Run(string file, params string[] args) => Run(file, args, null);

    private static (int Code, string Output) Run(string file, string[] args, string? stdin)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        using Process process = Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
