using Aio.Http.Protocol;

namespace Aio.Http.Server;

/// <summary>
/// An HTTP error or redirect a handler throws (aiohttp's <c>web.HTTPException</c>): the server answers
/// with its status, headers and text instead of a 500. Subclasses name the common statuses.
/// </summary>
public class HttpException : Exception
{
    /// <summary>Creates the exception for <paramref name="status"/> with <paramref name="text"/> as the body (the reason phrase when null).</summary>
    public HttpException(int status, string? text = null, string? reason = null)
        : base($"{status} {reason ?? HttpStatus.GetReason(status)}")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        Status = status;
        Reason = reason ?? HttpStatus.GetReason(status);
        Text = text ?? $"{status}: {Reason}";
    }

    /// <summary>Creates a 500 error.</summary>
    public HttpException()
        : this(500)
    {
    }

    /// <summary>Creates a 500 error with a message as its text.</summary>
    public HttpException(string message)
        : this(500, message)
    {
    }

    /// <summary>Creates a 500 error caused by another.</summary>
    public HttpException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Reason = HttpStatus.GetReason(500);
        Text = message;
    }

    /// <summary>The status sent.</summary>
    public int Status { get; }

    /// <summary>The reason phrase sent.</summary>
    public string Reason { get; }

    /// <summary>The plain-text body sent (empty for statuses without a body).</summary>
    public string Text { get; }

    /// <summary>Extra header fields sent with the response (for example <c>Allow</c> or <c>Location</c>).</summary>
    public HttpHeaders Headers { get; } = new();

    /// <summary>The response the server sends for this exception.</summary>
    public Response ToResponse()
    {
        bool bodyless = Status is 204 or 304 or < 200;
        var response = new Response(bodyless ? string.Empty : Text, Status, reason: Reason);
        foreach (KeyValuePair<string, string> field in Headers)
        {
            response.Headers.Add(field.Key, field.Value);
        }

        return response;
    }
}

/// <summary>400 Bad Request.</summary>
public sealed class HttpBadRequest(string? text = null) : HttpException(400, text);

/// <summary>403 Forbidden.</summary>
public sealed class HttpForbidden(string? text = null) : HttpException(403, text);

/// <summary>404 Not Found.</summary>
public sealed class HttpNotFound(string? text = null) : HttpException(404, text);

/// <summary>413 Content Too Large (aiohttp's <c>HTTPRequestEntityTooLarge</c>): a body over <c>ClientMaxSize</c>.</summary>
public sealed class HttpRequestEntityTooLarge(long maxSize, long actualSize)
    : HttpException(413, $"Maximum request body size {maxSize} exceeded, actual body size {actualSize}")
{
    /// <summary>The limit that was passed.</summary>
    public long MaxSize { get; } = maxSize;
}

/// <summary>405 Method Not Allowed, with the <c>Allow</c> field listing the methods the resource takes.</summary>
public sealed class HttpMethodNotAllowed : HttpException
{
    /// <summary>Creates the error for <paramref name="method"/> on a resource that allows <paramref name="allowed"/>.</summary>
    public HttpMethodNotAllowed(string method, IEnumerable<string> allowed)
        : base(405, $"405: Method Not Allowed")
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(allowed);
        Method = method;
        AllowedMethods = allowed.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Headers.Set("Allow", string.Join(",", AllowedMethods));
    }

    /// <summary>The method that was refused.</summary>
    public string Method { get; }

    /// <summary>The methods the resource takes.</summary>
    public IReadOnlyList<string> AllowedMethods { get; }
}

/// <summary>A redirect (3xx) with a <c>Location</c> field: 301, 302, 303, 307 or 308.</summary>
public sealed class HttpRedirect : HttpException
{
    /// <summary>Creates a redirect to <paramref name="location"/> (302 Found unless given).</summary>
    public HttpRedirect(string location, int status = 302)
        : base(status, string.Empty)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        if (status is not (301 or 302 or 303 or 307 or 308))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a redirect is 301, 302, 303, 307 or 308");
        }

        Headers.Set("Location", location);
    }
}
