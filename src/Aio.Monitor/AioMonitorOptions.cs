using System.Net;

namespace Aio.Monitor;

/// <summary>How <see cref="AioMonitor.Start"/> listens and what it records.</summary>
public sealed class AioMonitorOptions
{
    /// <summary>The address the console listens on: loopback unless <see cref="AllowNonLoopback"/> is set.</summary>
    public IPAddress Host { get; set; } = IPAddress.Loopback;

    /// <summary>The console's TCP port (aiomonitor's default is 20101); 0 picks a free one, read it back from <see cref="AioMonitor.ConsoleEndPoint"/>.</summary>
    public int ConsolePort { get; set; } = 20101;

    /// <summary>
    /// The web page and JSON API's TCP port (served by Aio.Http on the monitor's own loop, on <see cref="Host"/>);
    /// null (the default) serves none, 0 picks a free port, read it back from <see cref="AioMonitor.WebEndPoint"/>.
    /// </summary>
    public int? WebPort { get; set; }

    /// <summary>
    /// Allows <see cref="Host"/> to be an address other than loopback. Off by default: the console can
    /// cancel tasks and send signals, so it is reachable only from this machine unless asked.
    /// </summary>
    public bool AllowNonLoopback { get; set; }

    /// <summary>
    /// A secret every console client must send first (<c>token SECRET</c>) and every API request must
    /// present (<c>Authorization: Bearer SECRET</c> or <c>?token=SECRET</c>). Required when listening
    /// beyond loopback; optional on loopback.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Turns on the loop's <see cref="EventLoop.TaskTracking"/> (creation sites, parents, counters, history); on by default.</summary>
    public bool TrackTasks { get; set; } = true;

    /// <summary>How long the monitor waits for the application's loop to answer before it reports it blocked.</summary>
    public TimeSpan BlockedAfter { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Checks the options, with messages that say what to change.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Host);
        if (ConsolePort is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(ConsolePort), ConsolePort, "The console port must be 0 (any free port) or 1-65535.");
        }

        if (WebPort is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(WebPort), WebPort, "The web port must be null (no web page), 0 (any free port) or 1-65535.");
        }

        if (!IPAddress.IsLoopback(Host))
        {
            if (!AllowNonLoopback)
            {
                throw new ArgumentException($"The monitor listens on loopback only; to listen on {Host}, set AllowNonLoopback = true and a Token.", nameof(Host));
            }

            if (string.IsNullOrEmpty(Token))
            {
                throw new ArgumentException($"Listening on {Host} needs a Token that every console client and API request must present.", nameof(Token));
            }
        }

        if (BlockedAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockedAfter), BlockedAfter, "BlockedAfter must be positive.");
        }
    }
}
