using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Aio.Monitor.Tests;

/// <summary>The JSON API over real HTTP (System.Net.Http as the peer), against an application on its own loop.</summary>
[Collection(nameof(MonitorCollection))]
public sealed class WebApiTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Tasks_ListsTheNamedTasks_AndFilters()
    {
        using MonitoredApp app = WebApp.Start(new());
        using HttpClient http = Client(app);

        JsonElement all = await GetJson(http, "api/tasks");
        string[] names = Names(all);
        Assert.Contains("worker-1", names);
        Assert.Contains("worker-2", names);
        Assert.Contains("deep", names);
        Assert.Equal(JsonValueKind.Null, all.GetProperty("blocked").ValueKind);
        Assert.True(all.GetProperty("total").GetInt32() >= 4);

        string[] workers = Names(await GetJson(http, "api/tasks?filter=WORKER"));
        Assert.Equal(["worker-1", "worker-2"], workers);

        string[] waiting = Names(await GetJson(http, "api/tasks?filter=waiting&sort=name"));
        Assert.Equal(["catcher", "deep", "worker-1", "worker-2"], waiting.Where(n => !n.StartsWith("Task-", StringComparison.Ordinal)).ToArray());

        using HttpResponseMessage badSort = await http.GetAsync("api/tasks?sort=colour");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.StartsWith("unknown sort key 'colour'", await ErrorOf(badSort));
    }

    [Fact]
    public async Task Task_ShowsItsChain_OutermostFirst_AndBadIdsGetClearErrors()
    {
        using MonitoredApp app = WebApp.Start(new());
        using HttpClient http = Client(app);
        int id = IdOf(await GetJson(http, "api/tasks?filter=deep"), "deep");

        JsonElement task = (await GetJson(http, $"api/tasks/{id}")).GetProperty("task");
        Assert.Equal("deep", task.GetProperty("name").GetString());
        string[] chain = task.GetProperty("chain").EnumerateArray().Select(f => f.GetProperty("method").GetString()!).ToArray();
        Assert.Equal(["Outer", "Middle", "Inner"], chain);
        Assert.Equal("sleep", task.GetProperty("awaiting").GetProperty("kind").GetString());
        Assert.True(task.GetProperty("counters").GetProperty("steps").GetInt64() >= 1);

        using HttpResponseMessage notNumber = await http.GetAsync("api/tasks/abc");
        Assert.Equal(HttpStatusCode.BadRequest, notNumber.StatusCode);
        Assert.StartsWith("'abc' is not a task id", await ErrorOf(notNumber));

        using HttpResponseMessage missing = await http.GetAsync("api/tasks/987654");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.StartsWith("no live task with id 987654", await ErrorOf(missing));
    }

    [Fact]
    public async Task Delete_CancelsTheTask_WhichSeesCancelledError_AndItShowsInTerminated()
    {
        var sawCancel = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using MonitoredApp app = WebApp.Start(sawCancel);
        using HttpClient http = Client(app);
        int id = IdOf(await GetJson(http, "api/tasks?filter=catcher"), "catcher");

        using HttpResponseMessage cancel = await http.DeleteAsync($"api/tasks/{id}");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        JsonElement answer = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(id, answer.GetProperty("cancelled").GetInt32());
        Assert.Equal("catcher", answer.GetProperty("name").GetString());
        Assert.False(answer.GetProperty("queued").GetBoolean());

        Assert.True(sawCancel.Task.Wait(s_wait));
        Assert.Equal("cancelled from the monitor", sawCancel.Task.Result);

        JsonElement ended = await PollUntil(http, "api/terminated", e => e.GetProperty("tasks").EnumerateArray().Any(t => t.GetProperty("id").GetInt32() == id));
        JsonElement record = ended.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("id").GetInt32() == id);
        Assert.Equal("cancelled", record.GetProperty("outcome").GetString());
        Assert.Equal("catcher", record.GetProperty("name").GetString());

        using HttpResponseMessage again = await http.DeleteAsync($"api/tasks/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Loop_AnswersWhileTheAppLoopIsBlocked_AndSaysSince()
    {
        using MonitoredApp app = WebApp.Start(new());
        using HttpClient http = Client(app);

        JsonElement idle = await PollUntil(http, "api/loop", e => e.GetProperty("utilisation").GetArrayLength() >= 2);
        Assert.True(idle.GetProperty("loop").GetProperty("running").GetBoolean());
        Assert.Equal(JsonValueKind.Null, idle.GetProperty("blocked").ValueKind);
        Assert.True(idle.GetProperty("loop").GetProperty("liveTasks").GetInt32() >= 4);
        JsonElement sample = idle.GetProperty("utilisation").EnumerateArray().Last();
        Assert.InRange(sample.GetProperty("value").GetDouble(), 0, 1);

        using var blocking = new ManualResetEventSlim();
        app.OnLoop(() =>
        {
            blocking.Set();
            Thread.Sleep(2000);
        });
        Assert.True(blocking.Wait(s_wait));

        JsonElement blocked = await PollUntil(http, "api/loop", e => e.GetProperty("blocked").ValueKind == JsonValueKind.Object);
        Assert.True(blocked.GetProperty("blocked").GetProperty("seconds").GetDouble() > 0);
        Assert.True(DateTime.TryParse(blocked.GetProperty("blocked").GetProperty("since").GetString(), out _));
        Assert.False(blocked.GetProperty("fromLoop").GetBoolean());

        JsonElement tasks = await GetJson(http, "api/tasks?filter=deep");
        Assert.Equal(["deep"], Names(tasks));
    }

    [Fact]
    public async Task WithAToken_EveryApiRequestMustPresentIt()
    {
        using MonitoredApp app = WebApp.Start(new(), token: "s3cret");
        using HttpClient http = Client(app);

        using HttpResponseMessage none = await http.GetAsync("api/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("needs its token", await ErrorOf(none));
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);

        using HttpResponseMessage wrong = await http.GetAsync("api/loop?token=guess");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using HttpResponseMessage cancelWithout = await http.DeleteAsync("api/tasks/1");
        Assert.Equal(HttpStatusCode.Unauthorized, cancelWithout.StatusCode);

        using HttpResponseMessage byQuery = await http.GetAsync("api/tasks?token=s3cret");
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/terminated");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        using HttpResponseMessage byHeader = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
    }

    [Fact]
    public async Task OnLoopback_OnlyALoopbackHostIsAnswered()
    {
        using MonitoredApp app = WebApp.Start(new());
        using HttpClient http = Client(app);

        using var rebound = new HttpRequestMessage(HttpMethod.Delete, "api/tasks/1");
        rebound.Headers.Host = "evil.example:80";
        using HttpResponseMessage refused = await http.SendAsync(rebound);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("loopback Host", await ErrorOf(refused));

        using var local = new HttpRequestMessage(HttpMethod.Get, "api/loop");
        local.Headers.Host = $"localhost:{app.Monitor.WebEndPoint!.Port}";
        using HttpResponseMessage answered = await http.SendAsync(local);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task Page_IsServedFromTheAssembly_WithNoOutsideScripts()
    {
        using MonitoredApp app = WebApp.Start(new());
        using HttpClient http = Client(app);

        using HttpResponseMessage page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>Aio monitor</title>", html);
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("https://", html);
    }

    [Fact]
    public void WebPort_IsOffUnlessAsked_AndChecked()
    {
        using var loop = new EventLoop();
        var options = new AioMonitorOptions { ConsolePort = 0, WebPort = 70000 };
        Assert.Contains("web port", Assert.Throws<ArgumentOutOfRangeException>(() => AioMonitor.Start(loop, options)).Message);
        Assert.Null(new AioMonitorOptions().WebPort);
    }

    internal static HttpClient Client(MonitoredApp app) => new() { BaseAddress = WebApp.BaseUri(app), Timeout = s_wait };

    private static async Task<JsonElement> GetJson(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> PollUntil(HttpClient http, string path, Func<JsonElement, bool> done)
    {
        DateTime deadline = DateTime.UtcNow + s_wait;
        while (true)
        {
            JsonElement answer = await GetJson(http, path);
            if (done(answer) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(answer), $"{path} never matched: {answer}");
                return answer;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;

    private static string[] Names(JsonElement answer) =>
        answer.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();

    private static int IdOf(JsonElement answer, string name) =>
        answer.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();
}
