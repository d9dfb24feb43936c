using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Aio.Native;

/// <summary>
/// errno values and flag constants that differ between Linux and the BSDs (macOS), chosen once at
/// start-up, and the translation of errno into the <see cref="SocketError"/> codes .NET code expects.
/// </summary>
internal static class Errno
{
    private static readonly bool s_linux = OperatingSystem.IsLinux();

    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EPERM = 1;

    public static readonly int EAGAIN = s_linux ? 11 : 35;
    public static readonly int EINPROGRESS = s_linux ? 115 : 36;
    public static readonly int EMFILE = 24;
    public static readonly int ENFILE = 23;
    public static readonly int ENOBUFS = s_linux ? 105 : 55;
    public static readonly int ENOMEM = 12;
    public static readonly int ECONNABORTED = s_linux ? 103 : 53;

    /// <summary>O_NONBLOCK for <c>fcntl(F_SETFL)</c>.</summary>
    public static readonly int ONonBlock = s_linux ? 0x800 : 0x4;

    /// <summary>MSG_NOSIGNAL on Linux; the BSDs have none (the .NET runtime ignores SIGPIPE anyway).</summary>
    public static readonly int MsgNoSignal = s_linux ? 0x4000 : 0;

    public static readonly int SolSocket = s_linux ? 1 : 0xffff;
    public static readonly int SoError = s_linux ? 4 : 0x1007;
    public static readonly int SoReusePort = s_linux ? 15 : 0x200;
    public static readonly int SoReuseAddr = s_linux ? 2 : 0x4;

    public const int FGetFd = 1;
    public const int FGetFl = 3;
    public const int FSetFl = 4;
    public const int ShutWr = 1;

    /// <summary>The errno of the last failed P/Invoke call on this thread.</summary>
    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>Whether <paramref name="errno"/> means "try again later" (EAGAIN, EWOULDBLOCK, EINTR).</summary>
    public static bool IsWouldBlock(int errno) => errno == EAGAIN || errno == EINTR;

    /// <summary>Translates errno into the code a <see cref="SocketException"/> carries.</summary>
    public static SocketError ToSocketError(int errno) => s_linux ? FromLinux(errno) : FromBsd(errno);

    /// <summary>A <see cref="SocketException"/> for <paramref name="errno"/>, with the system's text for it.</summary>
    public static SocketException Exception(int errno) =>
        new((int)ToSocketError(errno), Marshal.GetPInvokeErrorMessage(errno));

    private static SocketError FromLinux(int errno) => errno switch
    {
        1 or 13 => SocketError.AccessDenied,
        4 => SocketError.Interrupted,
        9 or 88 => SocketError.NotSocket,
        11 => SocketError.WouldBlock,
        22 => SocketError.InvalidArgument,
        23 or 24 => SocketError.TooManyOpenSockets,
        32 or 108 => SocketError.Shutdown,
        90 => SocketError.MessageSize,
        97 => SocketError.AddressFamilyNotSupported,
        98 => SocketError.AddressAlreadyInUse,
        99 => SocketError.AddressNotAvailable,
        100 => SocketError.NetworkDown,
        101 => SocketError.NetworkUnreachable,
        103 => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        12 or 105 => SocketError.NoBufferSpaceAvailable,
        106 => SocketError.IsConnected,
        107 => SocketError.NotConnected,
        110 => SocketError.TimedOut,
        111 => SocketError.ConnectionRefused,
        113 => SocketError.HostUnreachable,
        114 => SocketError.AlreadyInProgress,
        115 => SocketError.InProgress,
        _ => SocketError.SocketError,
    };

    private static SocketError FromBsd(int errno) => errno switch
    {
        1 or 13 => SocketError.AccessDenied,
        4 => SocketError.Interrupted,
        9 or 38 => SocketError.NotSocket,
        35 => SocketError.WouldBlock,
        22 => SocketError.InvalidArgument,
        23 or 24 => SocketError.TooManyOpenSockets,
        32 or 58 => SocketError.Shutdown,
        36 => SocketError.InProgress,
        37 => SocketError.AlreadyInProgress,
        40 => SocketError.MessageSize,
        47 => SocketError.AddressFamilyNotSupported,
        48 => SocketError.AddressAlreadyInUse,
        49 => SocketError.AddressNotAvailable,
        50 => SocketError.NetworkDown,
        51 => SocketError.NetworkUnreachable,
        53 => SocketError.ConnectionAborted,
        54 => SocketError.ConnectionReset,
        12 or 55 => SocketError.NoBufferSpaceAvailable,
        56 => SocketError.IsConnected,
        57 => SocketError.NotConnected,
        60 => SocketError.TimedOut,
        61 => SocketError.ConnectionRefused,
        65 => SocketError.HostUnreachable,
        _ => SocketError.SocketError,
    };
}
