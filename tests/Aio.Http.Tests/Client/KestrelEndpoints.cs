using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aio.Http.Tests.Client;

/// <summary>The endpoints of <see cref="KestrelHost"/>.</summary>
internal static class KestrelEndpoints
{
    public static void Map(WebApplication app, KestrelHost host)
    {
        app.MapGet("/text", (HttpContext c) =>
        {
            host.Tag(c);
            return Results.Text("Hello, World!", "text/plain");
        });
        app.MapGet("/latin1", () => Results.Bytes(Encoding.Latin1.GetBytes("caf\u00e9 cr\u00e8me"), "text/plain; charset=iso-8859-1"));
        app.MapGet("/slow", async (HttpContext c) =>
        {
            host.Tag(c);
            await Task.Delay(TimeSpan.FromSeconds(2), c.RequestAborted);
            return Results.Text("late");
        });
        app.MapMethods("/echo", ["GET", "POST", "PUT", "PATCH", "DELETE"], async (HttpContext c) =>
        {
            host.Tag(c);
            using var body = new MemoryStream();
            await c.Request.Body.CopyToAsync(body);
            var headers = c.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            return Results.Json(new EchoReply(
                c.Request.Method,
                c.Request.Path + c.Request.QueryString,
                headers,
                Encoding.UTF8.GetString(body.ToArray()),
                body.Length,
                c.Request.Headers.TransferEncoding.ToString()));
        });
        app.MapPost("/form", async (HttpContext c) =>
        {
            IFormCollection form = await c.Request.ReadFormAsync();
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            var files = form.Files.Select(f =>
            {
                using Stream s = f.OpenReadStream();
                return new FileReply(f.Name, f.FileName, f.ContentType, f.Length, Convert.ToHexString(SHA256.HashData(s)));
            }).ToList();
            return Results.Json(new FormReply(c.Request.ContentType ?? string.Empty, fields, files));
        });
        app.MapGet("/gzip", () => Compressed("gzip", s => new GZipStream(s, CompressionLevel.Fastest)));
        app.MapGet("/deflate", () => Compressed("deflate", s => new ZLibStream(s, CompressionLevel.Fastest)));
        app.MapGet("/rawdeflate", () => Compressed("deflate", s => new DeflateStream(s, CompressionLevel.Fastest)));
        app.MapGet("/chunks", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/plain";
            for (int i = 0; i < 5; i++)
            {
                await c.Response.WriteAsync($"chunk{i};");
                await c.Response.Body.FlushAsync();
            }
        });
        app.MapGet("/big", (HttpContext c) =>
        {
            host.Tag(c);
            return Results.Bytes(BigBody(), "application/octet-stream");
        });
        app.MapGet("/status/{code:int}", (int code) => code is 204 or 304 ? Results.StatusCode(code) : Results.Text($"status {code}", statusCode: code));
        app.MapGet("/redirect/{n:int}", (int n) => Results.Redirect(n <= 1 ? "/text" : $"/redirect/{n - 1}"));
        app.MapPost("/redirect-post/{code:int}", (int code, HttpContext c) =>
        {
            c.Response.StatusCode = code;
            c.Response.Headers.Location = "/echo";
            return Task.CompletedTask;
        });
        app.MapGet("/redirect-away", (HttpContext c) => Results.Redirect($"http://localhost:{c.Connection.LocalPort}/echo"));
        app.MapGet("/setcookie", (HttpContext c) =>
        {
            c.Response.Cookies.Append("session", "abc123", new CookieOptions { Path = "/" });
            c.Response.Cookies.Append("other", "x y", new CookieOptions { Path = "/echo" });
            return Results.Text("set");
        });
        app.MapGet("/redirect-cookie", (HttpContext c) =>
        {
            c.Response.Cookies.Append("hop", "1", new CookieOptions { Path = "/" });
            return Results.Redirect("/echo");
        });
        app.MapGet("/auth", (HttpContext c) => c.Request.Headers.Authorization == "Bearer fresh" ? Results.Text("welcome") : Results.StatusCode(401));
        app.MapGet("/json", () => Results.Json(new { name = "aio", stars = 42, tags = new[] { "asyncio", "dotnet" } }));
        app.MapMethods("/text", ["HEAD"], () => Results.Text("Hello, World!"));
    }

    public static byte[] BigBody()
    {
        byte[] big = new byte[1_000_000];
        for (int i = 0; i < big.Length; i++)
        {
            big[i] = (byte)(i * 7 % 251);
        }

        return big;
    }

    public static string CompressiblePayload => string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i} of the compressed body\n"));

    private static IResult Compressed(string encoding, Func<Stream, Stream> wrap)
    {
        var buffer = new MemoryStream();
        using (Stream z = wrap(buffer))
        {
            z.Write(Encoding.UTF8.GetBytes(CompressiblePayload));
        }

        byte[] bytes = buffer.ToArray();
        return new CompressedResult(bytes, encoding);
    }

    private sealed class CompressedResult(byte[] bytes, string encoding) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "text/plain; charset=utf-8";
            httpContext.Response.Headers.ContentEncoding = encoding;
            httpContext.Response.ContentLength = bytes.Length;
            await httpContext.Response.Body.WriteAsync(bytes);
        }
    }
}

public sealed record EchoReply(string Method, string Target, Dictionary<string, string> Headers, string Body, long Length, string TransferEncoding);

public sealed record FileReply(string Name, string FileName, string ContentType, long Length, string Sha256);

public sealed record FormReply(string ContentType, Dictionary<string, string> Fields, List<FileReply> Files);

internal static class Json
{
    public static readonly JsonSerializerOptions Options = JsonSerializerOptions.Web;
}
