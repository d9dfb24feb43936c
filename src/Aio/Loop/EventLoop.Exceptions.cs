namespace Aio;

public sealed partial class EventLoop
{
    private Action<EventLoop, ExceptionContext>? _exceptionHandler;

    /// <summary>
    /// Sets the handler for errors no awaiter could receive (asyncio's <c>set_exception_handler</c>);
    /// <c>null</c> restores the default, which logs them.
    /// </summary>
    public void SetExceptionHandler(Action<EventLoop, ExceptionContext>? handler) => _exceptionHandler = handler;

    /// <summary>The custom exception handler, or <c>null</c> when the default is in use.</summary>
    public Action<EventLoop, ExceptionContext>? GetExceptionHandler() => _exceptionHandler;

    /// <summary>
    /// Reports an error to the exception handler (asyncio's <c>call_exception_handler</c>). If the
    /// handler itself throws, both are logged and the loop carries on.
    /// </summary>
    public void CallExceptionHandler(ExceptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Action<EventLoop, ExceptionContext>? handler = _exceptionHandler;
        if (handler is null)
        {
            try
            {
                DefaultExceptionHandler(context);
            }
            catch (Exception e)
            {
                Log.DefaultHandlerFailed(Logger, e);
            }

            return;
        }

        try
        {
            handler(this, context);
        }
        catch (Exception e)
        {
            try
            {
                DefaultExceptionHandler(new ExceptionContext("Unhandled error in exception handler")
                {
                    Exception = e,
                    Extra = { ["context"] = context },
                });
            }
            catch (Exception inner)
            {
                Log.CustomHandlerFailed(Logger, inner);
            }
        }
    }

    /// <summary>The default handler (asyncio's <c>default_exception_handler</c>): logs the context as an error.</summary>
#pragma warning disable CA1822 // asyncio's default_exception_handler is a loop method; keep it one.
    public void DefaultExceptionHandler(ExceptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Log.Unhandled(Logger, context.Exception, context.ToString());
    }
#pragma warning restore CA1822
}
