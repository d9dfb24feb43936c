namespace Aio.Http.Server;

/// <summary>Where a runner listens (aiohttp's <c>BaseSite</c>): a TCP host and port or a Unix socket.</summary>
public abstract class BaseSite
{
    /// <summary>Creates a site for <paramref name="runner"/>.</summary>
    protected BaseSite(AppRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        Runner = runner;
    }

    /// <summary>The runner whose application the site serves.</summary>
    public AppRunner Runner { get; }

    /// <summary>The listening server once started.</summary>
    public AioServer? Server { get; private set; }

    /// <summary>A URL or path naming the site (aiohttp's <c>name</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Starts listening (aiohttp's <c>start()</c>).</summary>
    /// <exception cref="InvalidOperationException">The runner is not set up, or the site already started.</exception>
    public async Coroutine StartAsync()
    {
        if (Server is not null)
        {
            throw new InvalidOperationException("the site is already started");
        }

        Runner.AddSite(this);
        Server = await CreateServerAsync(Asyncio.GetRunningLoop());
    }

    /// <summary>Stops listening; open connections are left to the runner's cleanup (aiohttp's <c>stop()</c>).</summary>
    public async Coroutine StopAsync()
    {
        CloseListener();
        await Asyncio.Sleep(0);
    }

    /// <summary>Describes the site.</summary>
    public override string ToString() => $"<{GetType().Name} {Name}>";

    internal void CloseListener() => Server?.Close();

    /// <summary>Creates the listening server with the runner's connection factory.</summary>
    private protected abstract Coroutine<AioServer> CreateServerAsync(EventLoop loop);
}
