namespace Aio.Http.Server;

/// <summary>
/// Lets a method declared <c>async Coroutine&lt;Response&gt; M(Request r)</c> serve as a
/// <see cref="Handler"/>. <see cref="Coroutine{T}"/> is a struct and cannot be covariant, so a
/// <c>Coroutine&lt;Response&gt;</c> is not a <c>Coroutine&lt;StreamResponse&gt;</c>; the router's and
/// route table's overloads that take a <c>Func&lt;Request, Coroutine&lt;Response&gt;&gt;</c> wrap it here.
/// The wrapper awaits the handler's coroutine in one more frame, and keeps the method for
/// <see cref="Route.ToString"/>.
/// </summary>
internal sealed class ResponseHandler
{
    private readonly Func<Request, Coroutine<Response>> _inner;

    private ResponseHandler(Func<Request, Coroutine<Response>> inner) => _inner = inner;

    /// <summary>The wrapped method's name.</summary>
    public string MethodName => _inner.Method.Name;

    /// <summary>A handler that runs <paramref name="handler"/>.</summary>
    public static Handler Wrap(Func<Request, Coroutine<Response>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new ResponseHandler(handler).InvokeAsync;
    }

    /// <summary>The name of the method behind <paramref name="handler"/>, seen through a wrapper.</summary>
    public static string NameOf(Handler handler) => handler.Target is ResponseHandler w ? w.MethodName : handler.Method.Name;

    private async Coroutine<StreamResponse> InvokeAsync(Request request) => await _inner(request);
}
