namespace Aio;

/// <summary>
/// Debug mode: servers and socket transports still open when the loop closes are reported
/// (asyncio's "unclosed transport" <c>ResourceWarning</c>), so a leaked listener or connection is
/// named instead of silently outliving its loop.
/// </summary>
public sealed partial class EventLoop
{
    private HashSet<object>? _openResources;
    private int _openServers;

    /// <summary>Debug mode or task tracking (the monitor's loop view): notes a server or transport that has opened.</summary>
    internal void TrackResource(object resource)
    {
        if (Debug || TaskTracking)
        {
            if ((_openResources ??= new HashSet<object>(ReferenceEqualityComparer.Instance)).Add(resource) && resource is AioServer)
            {
                _openServers++;
            }
        }
    }

    /// <summary>Notes that a tracked server or transport has closed.</summary>
    internal void UntrackResource(object resource)
    {
        if (_openResources?.Remove(resource) == true && resource is AioServer)
        {
            _openServers--;
        }
    }

    /// <summary>How many servers and transports opened in debug mode are still open.</summary>
    internal int OpenResourceCount => _openResources?.Count ?? 0;

    /// <summary>How many tracked servers (<see cref="AioServer"/>) are still open; the rest of <see cref="OpenResourceCount"/> are transports.</summary>
    internal int OpenServerCount => _openServers;

    private void ReportUnclosedResources()
    {
        if (!Debug || _openResources is not { Count: > 0 } open)
        {
            return;
        }

        foreach (object resource in open.ToArray())
        {
            Log.Unclosed(Logger, resource is AioServer ? "server" : "transport", resource.ToString() ?? resource.GetType().Name, ToString());
        }

        open.Clear();
        _openServers = 0;
    }
}
