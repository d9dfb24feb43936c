namespace Aio;

/// <summary>
/// The creation-site names of coroutine methods (<c>Type.Method()</c>), each under a small number
/// registered once per method. A tracking loop notes the number of the frame whose code runs
/// (<see cref="EventLoop.RunningSite"/>) around every step: an integer store, where a frame
/// reference would cost a GC write barrier per step. 0 is "no coroutine frame runs".
/// </summary>
internal static class FrameSites
{
    private static readonly Lock s_lock = new();
    private static string?[] s_names = new string?[256];
    private static int s_count = 1;

    /// <summary>Registers a method's site name and returns its number (called once per method, from its frame type's initialiser).</summary>
    public static int Register(string name)
    {
        lock (s_lock)
        {
            string?[] names = s_names;
            if (s_count == names.Length)
            {
                Array.Resize(ref names, names.Length * 2);
            }

            names[s_count] = name; // written before the array is published: a reader never sees a hole
            Volatile.Write(ref s_names, names);
            return s_count++;
        }
    }

    /// <summary>The site name registered under <paramref name="id"/>, or null for 0.</summary>
    public static string? NameOf(int id) => id == 0 ? null : Volatile.Read(ref s_names)[id];
}
