using System.Runtime.InteropServices;
using System.Text;

namespace Aio.Native;

/// <summary>What a child's standard descriptor is connected to.</summary>
internal readonly record struct ChildStdio(int Target, int Source, bool DevNull)
{
    /// <summary>Leave it as the parent's.</summary>
    public static ChildStdio Inherit(int target) => new(target, -1, false);
}

/// <summary>
/// Starts a child with <c>posix_spawnp</c> (what CPython's <c>_posixsubprocess</c> does in spirit): its
/// standard descriptors are duplicated from the given pipe ends or opened on <c>/dev/null</c>, every
/// signal is reset to its default (the .NET runtime ignores SIGPIPE, and ignored signals survive
/// exec), and the signal mask is cleared. Every other descriptor Aio owns is close-on-exec.
/// </summary>
internal static unsafe class Spawn
{
    private const short PosixSpawnSetSigDef = 0x04;
    private const short PosixSpawnSetSigMask = 0x08;
    private const int ORdwr = 2;

    // glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336; leave room for any libc.
    private const int OpaqueSize = 1024;

    /// <summary>Starts <paramref name="file"/> (searched on PATH) and returns its pid.</summary>
    /// <exception cref="FileNotFoundException">The program was not found.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">The spawn failed otherwise.</exception>
    public static int Start(string file, IReadOnlyList<string> argv, IEnumerable<KeyValuePair<string, string>> environment, string? cwd, ChildStdio[] stdio)
    {
        var allocations = new List<IntPtr>();
        byte* actions = stackalloc byte[OpaqueSize];
        byte* attributes = stackalloc byte[OpaqueSize];
        byte* signals = stackalloc byte[OpaqueSize];
        Check(Libc.posix_spawn_file_actions_init(actions));
        Check(Libc.posix_spawnattr_init(attributes));
        try
        {
            foreach (ChildStdio io in stdio)
            {
                if (io.DevNull)
                {
                    Check(Libc.posix_spawn_file_actions_addopen(actions, io.Target, Utf8("/dev/null", allocations), ORdwr, 0));
                }
                else if (io.Source >= 0)
                {
                    Check(Libc.posix_spawn_file_actions_adddup2(actions, io.Source, io.Target));
                }
            }

            if (cwd is not null)
            {
                Check(Libc.posix_spawn_file_actions_addchdir_np(actions, Utf8(cwd, allocations)));
            }

            Check(Libc.sigfillset(signals));
            Check(Libc.posix_spawnattr_setsigdefault(attributes, signals));
            Check(Libc.sigemptyset(signals));
            Check(Libc.posix_spawnattr_setsigmask(attributes, signals));
            Check(Libc.posix_spawnattr_setflags(attributes, PosixSpawnSetSigDef | PosixSpawnSetSigMask));

            byte** args = Array(argv, allocations);
            byte** envp = Array(environment.Select(e => $"{e.Key}={e.Value}").ToList(), allocations);
            int pid;
            int error = Libc.posix_spawnp(&pid, Utf8(file, allocations), actions, attributes, args, envp);
            if (error == 0)
            {
                return pid;
            }

            string message = Marshal.GetPInvokeErrorMessage(error);
            if (error == 2)
            {
                throw new FileNotFoundException($"[Errno 2] {message}: '{file}'", file);
            }

            throw new System.ComponentModel.Win32Exception(error, $"{message}: '{file}'");
        }
        finally
        {
            _ = Libc.posix_spawn_file_actions_destroy(actions);
            _ = Libc.posix_spawnattr_destroy(attributes);
            foreach (IntPtr p in allocations)
            {
                Marshal.FreeHGlobal(p);
            }
        }
    }

    /// <summary>A pipe whose both ends are close-on-exec (the child gets its end through dup2).</summary>
    public static (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        if (OperatingSystem.IsLinux())
        {
            if (Libc.pipe2(fds, 0x80000 /* O_CLOEXEC */) != 0)
            {
                throw Errno.Exception(Errno.Last);
            }
        }
        else
        {
            if (Libc.pipe(fds) != 0)
            {
                throw Errno.Exception(Errno.Last);
            }

            Libc.fcntl(fds[0], 2 /* F_SETFD */, 1 /* FD_CLOEXEC */);
            Libc.fcntl(fds[1], 2, 1);
        }

        return (fds[0], fds[1]);
    }

    /// <summary>Setup calls return 0 or an error number (sigset calls: 0 or -1).</summary>
    private static void Check(int result)
    {
        if (result != 0)
        {
            int error = result > 0 ? result : Errno.Last;
            throw new System.ComponentModel.Win32Exception(error, $"posix_spawn setup failed: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    private static byte* Utf8(string text, List<IntPtr> allocations)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        var p = (byte*)Marshal.AllocHGlobal(length + 1);
        allocations.Add((IntPtr)p);
        Encoding.UTF8.GetBytes(text, new Span<byte>(p, length));
        p[length] = 0;
        return p;
    }

    private static byte** Array(IReadOnlyList<string> items, List<IntPtr> allocations)
    {
        var p = (byte**)Marshal.AllocHGlobal((items.Count + 1) * sizeof(byte*));
        allocations.Add((IntPtr)p);
        for (int i = 0; i < items.Count; i++)
        {
            p[i] = Utf8(items[i], allocations);
        }

        p[items.Count] = null;
        return p;
    }
}
