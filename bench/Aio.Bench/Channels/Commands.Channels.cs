using Aio.Bench.Channels;
using Aio.Bench.Compare;

namespace Aio.Bench;

internal static partial class Commands
{
    private static readonly string[] s_channelFigures =
    [
        "channel_cap0_msgs_per_s", "channel_cap1_msgs_per_s", "channel_cap100_msgs_per_s",
        "alloc_bytes_per_channel_message_cap0", "alloc_bytes_per_channel_message_cap100",
    ];

    static partial void RegisterChannels(IDictionary<string, (string Help, Func<string[], int> Run)> commands)
    {
        commands["channels"] = ("[SCALE] memory-channel throughput (capacity 0, 1, 100; one sender, one receiver, 200k messages) on Aio", ChannelWorkloads.Run);
        commands["channels-compare"] = ("[ROUNDS] [SCALE] channels on trio, System.Threading.Channels and Aio in one run, with ratios", CompareChannels);
    }

    private static int CompareChannels(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1;
        string scale = args.Length > 1 ? args[1] : "1";
        string anchor = Path.Combine(Repository.Root, "bench", "peers", "channels_anchor.py");
        var peers = new List<Peer>
        {
            new("trio", "/usr/bin/python3", [anchor, "trio", scale]),
            Comparison.DotnetPeer("dotnet_channels", scale),
            Comparison.Self("channels", scale),
        };
        var lowerIsBetter = new HashSet<string>(StringComparer.Ordinal) { "alloc_bytes_per_channel_message_cap0", "alloc_bytes_per_channel_message_cap100" };
        return Comparison.Run("channels: Aio beside trio and System.Threading.Channels", "channels-compare.md", peers, s_channelFigures, lowerIsBetter, rounds);
    }
}
