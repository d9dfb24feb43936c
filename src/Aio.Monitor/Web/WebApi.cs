using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aio.Http.Server;

namespace Aio.Monitor.Web;

/// <summary>
/// The monitor's web page and JSON API (docs/packages/aio-monitor.md), an Aio.Http
/// <see cref="Application"/> served on the monitor's own loop. Every answer about the application's
/// loop goes through the same <see cref="LoopProbe"/> as the console, so the API answers while that
/// loop is blocked and says so in <c>blocked</c>.
/// </summary>
/// <remarks>
/// Access: on a loopback address, only requests whose <c>Host</c> is loopback are answered (403
/// otherwise: a DNS-rebinding page cannot read or cancel tasks). With a token set, every <c>/api/</c> request must present it, as
/// <c>Authorization: Bearer TOKEN</c> or <c>?token=TOKEN</c> (compared in constant time), or it gets
/// 401. The page itself holds no data; it passes on the <c>token</c> of its own address to the API.
/// </remarks>
internal sealed class WebApi(AioMonitor monitor)
{
    private const string CancelReason = "cancelled from the monitor";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<byte[]> s_page = new(() =>
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Aio.Monitor.Web.index.html")
            ?? throw new InvalidOperationException("The monitor's page is missing from the assembly (Web/index.html).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private LoopProbe Probe => monitor.Probe;

    private EventLoop Loop => monitor.Loop;

    /// <summary>The application: the page at <c>/</c> and the API under <c>/api/</c>.</summary>
    public Application Build()
    {
        var app = new Application();
        app.Middlewares.Add(CheckTokenAsync);
        app.Router.AddGet("/", PageAsync);
        app.Router.AddGet("/api/tasks", TasksAsync);
        app.Router.AddGet("/api/tasks/{id}", TaskAsync);
        app.Router.AddDelete("/api/tasks/{id}", CancelAsync);
        app.Router.AddGet("/api/terminated", TerminatedAsync);
        app.Router.AddGet("/api/loop", LoopAsync);
        return app;
    }

    private async Coroutine<StreamResponse> CheckTokenAsync(Request request, Handler next)
    {
        if (System.Net.IPAddress.IsLoopback(monitor.Options.Host) && !IsLoopbackHost(request.Host))
        {
            // DNS rebinding: a page from evil.example resolved to 127.0.0.1 must not read or cancel tasks.
            return Error(403, $"this monitor answers only to a loopback Host (127.0.0.1, [::1] or localhost), not '{request.Host}'");
        }

        if (monitor.Options.Token is { Length: > 0 } token && request.Path.StartsWith("/api/", StringComparison.Ordinal))
        {
            string? given = request.Headers["Authorization"] is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? auth[7..].Trim()
                : request.Query["token"];
            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token)))
            {
                var denied = Error(401, given is null
                    ? "this monitor needs its token: send Authorization: Bearer TOKEN or ?token=TOKEN"
                    : "bad token");
                denied.Headers.Set("WWW-Authenticate", "Bearer");
                return denied;
            }
        }

        return await next(request);
    }

    private static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        string name = host.StartsWith('[') ? host[1..Math.Max(1, host.IndexOf(']', StringComparison.Ordinal))] : host.Split(':')[0];
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(name, out System.Net.IPAddress? address) && System.Net.IPAddress.IsLoopback(address));
    }

    private static async Coroutine<StreamResponse> PageAsync(Request request)
    {
        await Asyncio.Sleep(0);
        var page = new Response(s_page.Value, contentType: "text/html; charset=utf-8");
        page.Headers.Set("Cache-Control", "no-store");
        page.Headers.Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'");
        return page;
    }

    private async Coroutine<StreamResponse> TasksAsync(Request request)
    {
        string? filter = request.Query["filter"];
        string sort = (request.Query["sort"] ?? "id").ToLowerInvariant();
        if (!TaskQuery.IsSortKey(sort))
        {
            return Error(400, $"unknown sort key '{sort}'; use {TaskQuery.SortKeys}");
        }

        (IReadOnlyList<TaskSnapshot> tasks, bool fromLoop) = await Probe.AskAsync(Loop.GetTaskSnapshots);
        TaskSnapshot[] shown = [.. TaskQuery.Apply(tasks, filter, sort)];
        return Json(new { blocked = Blocked(), fromLoop, total = tasks.Count, tasks = shown });
    }

    private async Coroutine<StreamResponse> TaskAsync(Request request)
    {
        if (ParseId(request) is not int id)
        {
            return Error(400, $"'{request.MatchInfo["id"]}' is not a task id (a number, as /api/tasks shows)");
        }

        (TaskSnapshot? task, bool fromLoop) = await Probe.AskAsync(() => Loop.AllTasks().FirstOrDefault(t => t.Id == id)?.Snapshot());
        return task is null
            ? Error(404, $"no live task with id {id} (finished ones are in /api/terminated)")
            : Json(new { blocked = Blocked(), fromLoop, task });
    }

    private async Coroutine<StreamResponse> CancelAsync(Request request)
    {
        if (ParseId(request) is not int id)
        {
            return Error(400, $"'{request.MatchInfo["id"]}' is not a task id (a number, as /api/tasks shows)");
        }

        if (Probe.BlockedFor is not null)
        {
            // The loop is not turning: read the name from here and queue the cancel for when it does.
            string? blockedName = Loop.AllTasks().FirstOrDefault(t => t.Id == id)?.Name;
            if (blockedName is null)
            {
                return Error(404, $"no live task with id {id}");
            }

            Probe.Post(() => Loop.AllTasks().FirstOrDefault(t => t.Id == id)?.Cancel(CancelReason));
            return Json(new { cancelled = id, name = blockedName, queued = true, blocked = Blocked() }, 202);
        }

        (string? name, _) = await Probe.AskAsync(() =>
        {
            AioTask? task = Loop.AllTasks().FirstOrDefault(t => t.Id == id);
            return task is not null && task.Cancel(CancelReason) ? task.Name : null;
        });
        return name is null
            ? Error(404, $"no live task with id {id}")
            : Json(new { cancelled = id, name, queued = false, blocked = Blocked() }, 202);
    }

    private async Coroutine<StreamResponse> TerminatedAsync(Request request)
    {
        (IReadOnlyList<TerminatedTaskSnapshot> ended, bool fromLoop) = await Probe.AskAsync(Loop.GetTerminatedTasks);
        return Json(new { blocked = Blocked(), fromLoop, historySize = Loop.TerminatedHistorySize, tasks = ended.Reverse().ToArray() });
    }

    private async Coroutine<StreamResponse> LoopAsync(Request request)
    {
        (LoopSnapshot loop, bool fromLoop) = await Probe.AskAsync(Loop.GetLoopSnapshot);
        return Json(new
        {
            blocked = Blocked(),
            fromLoop,
            loop,
            tracking = Loop.TaskTracking,
            slowCallbackDuration = Loop.SlowCallbackDuration,
            utilisation = monitor.Utilisation.Samples,
        });
    }

    private object? Blocked() =>
        Probe.BlockedFor is { } blocked
            ? new { seconds = Math.Round(blocked.TotalSeconds, 3), since = Probe.BlockedSince?.ToString("O", CultureInfo.InvariantCulture) }
            : null;

    private static int? ParseId(Request request)
    {
        string text = request.MatchInfo["id"];
        if (text.StartsWith("Task-", StringComparison.OrdinalIgnoreCase))
        {
            text = text[5..];
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;
    }

    private static Response Json<T>(T value, int status = 200)
    {
        Response response = Response.Json(value, status, s_json);
        response.Headers.Set("Cache-Control", "no-store");
        return response;
    }

    private static Response Error(int status, string message) => Json(new { error = message }, status);
}
