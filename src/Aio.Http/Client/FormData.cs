using System.Security.Cryptography;
using System.Text;

namespace Aio.Http.Client;

/// <summary>
/// A form body (aiohttp's <c>FormData</c>): <c>application/x-www-form-urlencoded</c> while every field
/// is a plain text value, <c>multipart/form-data</c> as soon as one is a file (has a file name, a content
/// type, or bytes), or when <see cref="Multipart"/> is forced.
/// </summary>
/// <example><code>
/// var form = new FormData { { "user", "ann" } };
/// form.AddFile("avatar", "ann.png", pngBytes, "image/png");
/// await using var r = await session.PostAsync(url, form);
/// </code></example>
public sealed class FormData : Payload, IEnumerable<FormData.Field>
{
    private readonly List<Field> _fields = [];
    private string? _boundary;
    private byte[]? _encoded;

    /// <summary>Creates an empty form.</summary>
    /// <param name="multipart">Always send multipart/form-data, even with only text fields.</param>
    public FormData(bool multipart = false)
        : base(null) => ForceMultipart = multipart;

    /// <summary>Whether multipart/form-data was asked for whatever the fields.</summary>
    public bool ForceMultipart { get; }

    /// <summary>Whether the form is sent as multipart/form-data.</summary>
    public bool Multipart => ForceMultipart || _fields.Exists(f => f.FileName is not null || f.ContentType is not null || f.IsBinary);

    /// <summary>The multipart boundary (random, made on first use).</summary>
    public string Boundary => _boundary ??= "----AioFormBoundary" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    /// <summary>The <c>Content-Type</c>, with the boundary for multipart.</summary>
    public override string ContentType => Multipart ? $"multipart/form-data; boundary={Boundary}" : "application/x-www-form-urlencoded";

    /// <inheritdoc />
    public override long? Length => Encoded().Length;

    /// <summary>Adds a text field.</summary>
    /// <exception cref="ArgumentNullException">A null name or value.</exception>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Changed();
        _fields.Add(new Field(name, Encoding.UTF8.GetBytes(value), null, null, false));
    }

    /// <summary>Adds a file field (multipart); <paramref name="contentType"/> defaults to <c>application/octet-stream</c>.</summary>
    public void AddFile(string name, string fileName, ReadOnlyMemory<byte> content, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(fileName);
        Changed();
        _fields.Add(new Field(name, content, fileName, contentType ?? "application/octet-stream", true));
    }

    /// <summary>Adds a field of raw bytes with an optional content type (multipart).</summary>
    public void AddBytes(string name, ReadOnlyMemory<byte> content, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Changed();
        _fields.Add(new Field(name, content, null, contentType, true));
    }

    /// <inheritdoc />
    public IEnumerator<Field> GetEnumerator() => _fields.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The encoded body.</summary>
    internal byte[] Encoded() => _encoded ??= Multipart ? EncodeMultipart() : EncodeUrl();

    internal override async Coroutine WriteToAsync(BodySink sink)
    {
        sink.Write(Encoded());
        await sink.DrainAsync();
    }

    /// <summary>A name or file name as a quoted string of a multipart header, escaped as browsers do (RFC 7578 §4.2).</summary>
    internal static string QuoteHeaderValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "%22", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private void Changed() => _encoded = null;

    private byte[] EncodeUrl()
    {
        var text = new StringBuilder();
        foreach (Field f in _fields)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(UrlBuilder.FormEncode(f.Name)).Append('=').Append(UrlBuilder.FormEncode(Encoding.UTF8.GetString(f.Content.Span)));
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private byte[] EncodeMultipart()
    {
        var body = new MemoryStream();
        byte[] dashBoundary = Encoding.ASCII.GetBytes("--" + Boundary);
        foreach (Field f in _fields)
        {
            body.Write(dashBoundary);
            var head = new StringBuilder("\r\nContent-Disposition: form-data; name=\"").Append(QuoteHeaderValue(f.Name)).Append('"');
            if (f.FileName is not null)
            {
                head.Append("; filename=\"").Append(QuoteHeaderValue(f.FileName)).Append('"');
            }

            head.Append("\r\n");
            if (f.ContentType is not null)
            {
                head.Append("Content-Type: ").Append(f.ContentType.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal)).Append("\r\n");
            }

            head.Append("\r\n");
            body.Write(Encoding.UTF8.GetBytes(head.ToString()));
            body.Write(f.Content.Span);
            body.Write("\r\n"u8);
        }

        body.Write(dashBoundary);
        body.Write("--\r\n"u8);
        return body.ToArray();
    }

    /// <summary>One field of a form.</summary>
    /// <param name="Name">The field name.</param>
    /// <param name="Content">Its value's bytes (UTF-8 for text fields).</param>
    /// <param name="FileName">The file name of a file field.</param>
    /// <param name="ContentType">The part's content type, if any.</param>
    /// <param name="IsBinary">Whether the value was given as bytes.</param>
    public sealed record Field(string Name, ReadOnlyMemory<byte> Content, string? FileName, string? ContentType, bool IsBinary);
}
