namespace Aio.Http.Server;

/// <summary>Listens on a Unix domain socket (aiohttp's <c>UnixSite</c>).</summary>
public sealed class UnixSite : BaseSite
{
    /// <summary>Creates the site at <paramref name="path"/>.</summary>
    public UnixSite(AppRunner runner, string path)
        : base(runner)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The socket's path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Name => $"http://unix:{Path}:";

    private protected override Coroutine<AioServer> CreateServerAsync(EventLoop loop) =>
        loop.CreateUnixServerAsync(Runner.NewConnection, Path);
}
