namespace Aio.Http.Client;

/// <summary>
/// Opens connections and keeps idle ones for reuse (aiohttp's <c>BaseConnector</c>): at most
/// <see cref="Limit"/> open connections in all and <see cref="LimitPerHost"/> to one host; a request
/// that finds none free waits its turn, in arrival order. A session owns its connector unless told
/// otherwise and closes it with itself.
/// </summary>
/// <remarks>
/// Design note (docs/design/http-client-pool.md). A slot is taken before dialling and given back when
/// the connection closes; an idle connection keeps its slot, but one to another host is closed to make
/// room when a request would otherwise wait. A connection goes back to the pool only when its
/// response was read to the end and neither side asked to close; anything else (a cancelled request,
/// an error, an unread body) closes it. An idle connection the server closes frees its slot at once.
/// </remarks>
public abstract class BaseConnector : IAsyncDisposable
{
    private readonly Dictionary<ConnectionKey, List<ClientConnection>> _idle = [];
    private readonly Dictionary<ConnectionKey, int> _openPerKey = [];
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly Dictionary<ClientConnection, TimerHandle> _idleTimers = [];
    private int _open;
    private bool _closed;

    /// <summary>Creates a connector.</summary>
    /// <param name="limit">Open connections in all; 0 for no limit (aiohttp's default is 100).</param>
    /// <param name="limitPerHost">Open connections to one host and port; 0 for no limit.</param>
    /// <param name="keepAliveTimeout">Seconds an idle connection is kept; null keeps it until the server closes it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative limit or timeout.</exception>
    protected BaseConnector(int limit = 100, int limitPerHost = 0, double? keepAliveTimeout = 15)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(limitPerHost);
        if (keepAliveTimeout is double k)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(k, nameof(keepAliveTimeout));
        }

        Limit = limit;
        LimitPerHost = limitPerHost;
        KeepAliveTimeout = keepAliveTimeout;
    }

    /// <summary>Open connections allowed in all; 0 means no limit.</summary>
    public int Limit { get; }

    /// <summary>Open connections allowed to one host and port; 0 means no limit.</summary>
    public int LimitPerHost { get; }

    /// <summary>Seconds an idle keep-alive connection is kept before it is closed.</summary>
    public double? KeepAliveTimeout { get; }

    /// <summary>Whether <see cref="CloseAsync"/> has run.</summary>
    public bool IsClosed => _closed;

    /// <summary>How many connections are open now (in use, idle or being opened).</summary>
    public int OpenConnections => _open;

    /// <summary>How many open connections are idle in the pool.</summary>
    public int IdleConnections => _idle.Values.Sum(l => l.Count);

    /// <summary>How many connections this connector has opened since it was made.</summary>
    public long ConnectionsMade { get; private set; }

    /// <summary>Closes every idle connection; connections in use close when their responses are released.</summary>
    public Coroutine CloseAsync()
    {
        _closed = true;
        foreach (List<ClientConnection> list in _idle.Values)
        {
            foreach (ClientConnection c in list.ToArray())
            {
                Drop(c, abort: false);
            }
        }

        _idle.Clear();
        foreach (Waiter w in _waiters)
        {
            w.Future.TrySetException(new ClientError("The connector was closed"));
        }

        _waiters.Clear();
        return Completed();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens a new transport for <paramref name="key"/> bound to <paramref name="connection"/>.</summary>
    internal abstract Coroutine ConnectAsync(ConnectionKey key, ClientConnection connection, ClientTimeout timeout);

    /// <summary>
    /// A connection to <paramref name="key"/> for one request: an idle one when there is one that is still
    /// open, else a new one once a slot is free.
    /// </summary>
    /// <param name="key">Where to.</param>
    /// <param name="timeout">The <c>Connect</c> limit covers the wait for a slot and the dial.</param>
    /// <param name="fresh">Skip idle connections (the retry after an idle connection failed).</param>
    /// <exception cref="ClientConnectorError">The connection could not be opened.</exception>
    /// <exception cref="ClientTimeoutError">The connect limit passed.</exception>
    internal async Coroutine<(ClientConnection Connection, bool Reused)> AcquireAsync(ConnectionKey key, ClientTimeout timeout, bool fresh = false)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        EventLoop loop = Asyncio.GetRunningLoop();
        try
        {
            await using (Asyncio.Timeout(timeout.Connect))
            {
                while (true)
                {
                    if (!fresh && TakeIdle(key, loop) is ClientConnection idle)
                    {
                        idle.Requests++;
                        return (idle, true);
                    }

                    if (HasSlot(key) || (HasHostSlot(key) && EvictIdleOtherThan(key)))
                    {
                        return (await OpenAsync(key, loop, timeout), false);
                    }

                    await WaitTurnAsync(key, loop);
                }
            }
        }
        catch (TimeoutException e) when (e is not ClientTimeoutError)
        {
            throw new ClientTimeoutError($"Connection timeout to {key}", e);
        }
    }

    /// <summary>
    /// Gives a connection back after its request: kept for reuse when <paramref name="reusable"/> and
    /// still open, else closed (aborted when its state is unknown).
    /// </summary>
    internal void Release(ClientConnection connection, bool reusable)
    {
        if (reusable && !_closed && connection.IsReusable)
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            connection.IdleSince = loop.Time();
            if (!_idle.TryGetValue(connection.Key, out List<ClientConnection>? list))
            {
                _idle[connection.Key] = list = [];
            }

            list.Add(connection);
            if (KeepAliveTimeout is double ttl)
            {
                _idleTimers[connection] = loop.CallLater(ttl, () => ExpireIdle(connection));
            }
        }
        else
        {
            Drop(connection, abort: !reusable);
        }

        WakeNext();
    }

    /// <summary>A connection upgraded to another protocol leaves the pool: its slot is freed, its transport stays open.</summary>
    internal void Detach(ClientConnection connection)
    {
        if (!connection.Released)
        {
            connection.Released = true;
            CancelIdleTimer(connection);
            FreeSlot(connection.Key);
        }

        WakeNext();
    }

    /// <summary>Called by a connection whose peer closed or broke it: an idle one leaves the pool.</summary>
    internal void OnConnectionClosed(ClientConnection connection)
    {
        if (_idle.TryGetValue(connection.Key, out List<ClientConnection>? list) && list.Remove(connection))
        {
            Drop(connection, abort: false);
            WakeNext();
        }
    }

    private static async Coroutine Completed() => await Asyncio.Sleep(0);

    private ClientConnection? TakeIdle(ConnectionKey key, EventLoop loop)
    {
        if (!_idle.TryGetValue(key, out List<ClientConnection>? list))
        {
            return null;
        }

        // Most recently used first: it is the likeliest to be still open at the server.
        while (list.Count > 0)
        {
            ClientConnection c = list[^1];
            list.RemoveAt(list.Count - 1);
            CancelIdleTimer(c);
            if (c.IsReusable && (KeepAliveTimeout is not double ttl || loop.Time() - c.IdleSince < ttl))
            {
                return c;
            }

            Drop(c, abort: true);
        }

        return null;
    }

    private bool HasHostSlot(ConnectionKey key) => LimitPerHost == 0 || _openPerKey.GetValueOrDefault(key) < LimitPerHost;

    private bool HasSlot(ConnectionKey key) => (Limit == 0 || _open < Limit) && HasHostSlot(key);

    private bool EvictIdleOtherThan(ConnectionKey key)
    {
        ClientConnection? oldest = null;
        foreach ((ConnectionKey k, List<ClientConnection> list) in _idle)
        {
            if (!k.Equals(key) && list.Count > 0 && (oldest is null || list[0].IdleSince < oldest.IdleSince))
            {
                oldest = list[0];
            }
        }

        if (oldest is null)
        {
            return false;
        }

        _idle[oldest.Key].Remove(oldest);
        Drop(oldest, abort: false);
        return true;
    }

    private async Coroutine<ClientConnection> OpenAsync(ConnectionKey key, EventLoop loop, ClientTimeout timeout)
    {
        _open++;
        _openPerKey[key] = _openPerKey.GetValueOrDefault(key) + 1;
        var connection = new ClientConnection(loop, key, this) { Requests = 1 };
        try
        {
            await ConnectAsync(key, connection, timeout);
            ConnectionsMade++;
            return connection;
        }
        catch (Exception e)
        {
            connection.Abort();
            FreeSlot(key);
            WakeNext();
            if (e is ClientError or OperationCanceledException or TimeoutException)
            {
                throw;
            }

            throw new ClientConnectorError($"Cannot connect to host {key.Host}:{key.Port} ssl:{(key.IsTls ? "default" : "False")} [{e.Message}]", e);
        }
    }

    private async Coroutine WaitTurnAsync(ConnectionKey key, EventLoop loop)
    {
        var waiter = new Waiter(key, loop.CreateFuture<bool>());
        LinkedListNode<Waiter> node = _waiters.AddLast(waiter);
        try
        {
            await waiter.Future;
        }
        catch
        {
            if (node.List is not null)
            {
                _waiters.Remove(node);
            }

            if (waiter.Future.IsDone && !waiter.Future.IsCancelled && waiter.Future.Exception is null)
            {
                // Woken, but leaving (cancelled or timed out): pass the turn on.
                WakeNext();
            }

            throw;
        }
    }

    private void WakeNext()
    {
        for (LinkedListNode<Waiter>? node = _waiters.First; node is not null; node = node.Next)
        {
            Waiter w = node.Value;
            bool canGo = (_idle.TryGetValue(w.Key, out List<ClientConnection>? l) && l.Count > 0)
                || HasSlot(w.Key)
                || (HasHostSlot(w.Key) && _idle.Any(kv => !kv.Key.Equals(w.Key) && kv.Value.Count > 0));
            if (canGo)
            {
                _waiters.Remove(node);
                w.Future.TrySetResult(true);
                return;
            }
        }
    }

    private void ExpireIdle(ClientConnection connection)
    {
        _idleTimers.Remove(connection);
        if (_idle.TryGetValue(connection.Key, out List<ClientConnection>? list) && list.Remove(connection))
        {
            Drop(connection, abort: false);
            WakeNext();
        }
    }

    private void CancelIdleTimer(ClientConnection connection)
    {
        if (_idleTimers.Remove(connection, out TimerHandle? timer))
        {
            timer.Cancel();
        }
    }

    private void Drop(ClientConnection connection, bool abort)
    {
        if (connection.Released)
        {
            return;
        }

        connection.Released = true;
        CancelIdleTimer(connection);
        if (abort)
        {
            connection.Abort();
        }
        else
        {
            connection.Close();
        }

        FreeSlot(connection.Key);
    }

    private void FreeSlot(ConnectionKey key)
    {
        _open--;
        int left = _openPerKey[key] - 1;
        if (left == 0)
        {
            _openPerKey.Remove(key);
        }
        else
        {
            _openPerKey[key] = left;
        }
    }

    private sealed record Waiter(ConnectionKey Key, Future<bool> Future);
}
