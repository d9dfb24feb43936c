using Aio.Http.Client;
using Aio.Http.Server;

namespace Aio.Samples.Net;

/// <summary>
/// A small JSON API and its client: a to-do service on Aio.Http's server, and a <see cref="ClientSession"/>
/// with a base URL, a bearer-token middleware and raise-for-status that creates, lists, updates and
/// deletes items. <c>JsonApiClient.Run()</c> prints what the client sees.
/// </summary>
public static class JsonApiClient
{
    public sealed record Todo(int Id, string Title, bool Done);

    public sealed record NewTodo(string Title);

    // Client and server share one JSON default (JsonSerializerOptions.Web: camelCase), as HttpClient and ASP.NET Core.

    public static void Run() => Asyncio.Run(Main());

    private static Application Api()
    {
        var todos = new SortedDictionary<int, Todo>();
        int next = 1;
        var app = new Application();
        app.Middlewares.Add(async (request, handler) =>
            request.Headers["Authorization"] == "Bearer sample-token" ? await handler(request) : Response.Json(new { error = "unauthorized" }, 401));
        app.Router.AddGet("/todos", async _ => Response.Json(todos.Values.ToArray()));
        app.Router.AddPost("/todos", async request =>
        {
            NewTodo input = (await request.JsonAsync<NewTodo>())!;
            var todo = new Todo(next++, input.Title, false);
            todos[todo.Id] = todo;
            return Response.Json(todo, 201);
        });
        app.Router.AddPatch("/todos/{id:\\d+}", async request =>
        {
            int id = int.Parse(request.MatchInfo["id"], System.Globalization.CultureInfo.InvariantCulture);
            if (!todos.TryGetValue(id, out Todo? todo))
            {
                return Response.Json(new { error = "no such item" }, 404);
            }

            todos[id] = todo with { Done = true };
            return Response.Json(todos[id]);
        });
        app.Router.AddDelete("/todos/{id:\\d+}", async request =>
        {
            bool removed = todos.Remove(int.Parse(request.MatchInfo["id"], System.Globalization.CultureInfo.InvariantCulture));
            return new Response(status: removed ? 204 : 404);
        });
        return app;
    }

    private static async Coroutine Main()
    {
        var runner = new AppRunner(Api());
        await runner.SetupAsync();
        var site = new TcpSite(runner, "127.0.0.1", 0);
        await site.StartAsync();

        ClientMiddleware bearer = async (request, next) =>
        {
            request.Headers["Authorization"] = "Bearer sample-token";
            return await next(request);
        };
        await using (var api = new ClientSession(baseUrl: new Uri($"http://127.0.0.1:{site.Port}"), raiseForStatus: true, middlewares: [bearer]))
        {
            foreach (string title in new[] { "write the client", "test it against Kestrel", "measure it" })
            {
                await using ClientResponse created = await api.PostAsync("/todos", Payload.FromJson(new NewTodo(title)));
                Todo todo = (await created.JsonAsync<Todo>())!;
                Console.WriteLine($"{created.Status} created #{todo.Id}: {todo.Title}");
            }

            await (await api.PatchAsync("/todos/2")).ReadAsync();
            await (await api.DeleteAsync("/todos/1")).ReadAsync();
            await using (ClientResponse list = await api.GetAsync("/todos"))
            {
                foreach (Todo todo in (await list.JsonAsync<Todo[]>())!)
                {
                    Console.WriteLine($"#{todo.Id} [{(todo.Done ? "x" : " ")}] {todo.Title}");
                }
            }

            try
            {
                await api.PatchAsync("/todos/99");
            }
            catch (ClientResponseError e)
            {
                Console.WriteLine($"PATCH /todos/99 failed: {e.Status} {e.Reason}");
            }
        }

        await runner.CleanupAsync();
    }
}
