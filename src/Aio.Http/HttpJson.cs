using System.Text.Json;

namespace Aio.Http;

/// <summary>
/// The one JSON default of the package. The client, the server and WebSockets all serialise with
/// <see cref="JsonSerializerOptions.Web"/> (camelCase names, case-insensitive reading, numbers
/// from strings), the defaults of ASP.NET Core and <c>HttpClient</c>'s JSON extensions, so an
/// Aio client and an Aio server agree on a record with no options given. Every JSON member takes
/// an <c>options</c> argument that replaces this default for that call.
/// </summary>
internal static class HttpJson
{
    /// <summary>The options used when a call passes none.</summary>
    public static JsonSerializerOptions Default => JsonSerializerOptions.Web;

    /// <summary><paramref name="options"/>, or the package default when it is null.</summary>
    public static JsonSerializerOptions Or(JsonSerializerOptions? options) => options ?? Default;
}
