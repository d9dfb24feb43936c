namespace Aio.Http.Server;

/// <summary>A submitted form (aiohttp's <c>post()</c> result, a multidict of fields): text fields and uploaded files. Named apart from the client's <see cref="Aio.Http.Client.FormData"/> (the body a client sends), so a file can use both namespaces without an alias.</summary>
/// <param name="Fields">The text fields in order.</param>
/// <param name="Files">The uploaded files in order.</param>
public sealed record FormFields(MultiDict Fields, IReadOnlyList<FormFile> Files)
{
    /// <summary>The first text field named <paramref name="name"/>, or null.</summary>
    public string? this[string name] => Fields[name];
}

/// <summary>A file part of a <c>multipart/form-data</c> body (aiohttp's <c>FileField</c>).</summary>
/// <param name="Name">The form field's name.</param>
/// <param name="FileName">The file name the client gave.</param>
/// <param name="ContentType">The part's content type.</param>
/// <param name="Content">The file's bytes.</param>
public sealed record FormFile(string Name, string FileName, string ContentType, ReadOnlyMemory<byte> Content);
