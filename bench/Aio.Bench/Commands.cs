namespace Aio.Bench;

/// <summary>The benchmark commands; each area adds its entries in its own partial file.</summary>
internal static partial class Commands
{
    public static void Register(IDictionary<string, (string Help, Func<string[], int> Run)> commands)
    {
        RegisterTasks(commands);
        RegisterScale(commands);
        RegisterIdle(commands);
        RegisterIo(commands);
        RegisterChannels(commands);
        RegisterData(commands);
        RegisterHttpClient(commands);
        RegisterHttp(commands);
    }

    static partial void RegisterTasks(IDictionary<string, (string Help, Func<string[], int> Run)> commands);

    static partial void RegisterScale(IDictionary<string, (string Help, Func<string[], int> Run)> commands);

    static partial void RegisterIdle(IDictionary<string, (string Help, Func<string[], int> Run)> commands);

    static partial void RegisterIo(IDictionary<string, (string Help, Func<string[], int> Run)> commands);

    static partial void RegisterChannels(IDictionary<string, (string Help, Func<string[], int> Run)> commands);
    static partial void RegisterData(IDictionary<string, (string Help, Func<string[], int> Run)> commands);
    static partial void RegisterHttpClient(IDictionary<string, (string Help, Func<string[], int> Run)> commands);
    static partial void RegisterHttp(IDictionary<string, (string Help, Func<string[], int> Run)> commands);
}
