namespace Aio.Http.Server;

/// <summary>A request handler (aiohttp's handler coroutine): returns the response to send.</summary>
public delegate Coroutine<StreamResponse> Handler(Request request);

/// <summary>
/// A middleware (aiohttp's <c>@web.middleware</c>): runs around the handler, in the order the
/// application lists them (the first is outermost); it may call <paramref name="next"/>, change the
/// request or response, or answer on its own.
/// </summary>
public delegate Coroutine<StreamResponse> Middleware(Request request, Handler next);
