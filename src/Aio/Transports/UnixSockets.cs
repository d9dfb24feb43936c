using Aio.Native;

namespace Aio;

/// <summary>Unix-domain socket paths: asyncio removes a stale socket file before binding, and (3.13) the file after closing.</summary>
internal static unsafe class UnixSockets
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int SIfMt = 0xF000;
    private const int SIfSock = 0xC000;

    /// <summary>Removes <paramref name="path"/> if it is a socket file; anything else is left for bind to report.</summary>
    public static void RemoveSocketFile(string path)
    {
        if (path.Length == 0 || path[0] == '\0' || !IsSocketFile(path))
        {
            return; // Nothing there, not a socket, or Linux's abstract namespace (nothing on disk).
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in place: binding reports the problem.
        }
    }

    private static bool IsSocketFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        byte* statx = stackalloc byte[256];
        byte[] name = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = name)
        {
            if (Libc.statx(AtFdCwd, p, AtSymlinkNoFollow, StatxType, statx) != 0)
            {
                return false;
            }
        }

        ushort mode = *(ushort*)(statx + StatxModeOffset);
        return (mode & SIfMt) == SIfSock;
    }
}
