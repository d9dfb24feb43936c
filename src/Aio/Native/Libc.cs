using System.Runtime.InteropServices;

namespace Aio.Native;

/// <summary>
/// The POSIX and Linux system calls the reactors and transports make, bound with source-generated
/// P/Invoke: blittable arguments, no marshalling allocations, errno captured for
/// <see cref="Marshal.GetLastPInvokeError"/>. Buffers are passed as pointers into pinned or fixed memory.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, byte* @event);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int pipe(int* fds);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library)]
    public static partial int isatty(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint recv(int fd, byte* buf, nuint len, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint send(int fd, byte* buf, nuint len, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint recvfrom(int fd, byte* buf, nuint len, int flags, byte* addr, int* addrlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint sendto(int fd, byte* buf, nuint len, int flags, byte* addr, int addrlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int connect(int fd, byte* addr, int addrlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int accept(int fd, byte* addr, int* addrlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int accept4(int fd, byte* addr, int* addrlen, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int getsockopt(int fd, int level, int name, void* value, int* len);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, void* value, int len);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int shutdown(int fd, int how);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    /// <summary>A descriptor that becomes readable when the process exits (Linux 5.3, glibc 2.36).</summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int pidfd_open(int pid, uint flags);

    [LibraryImport(Library)]
    public static partial int posix_spawnp(int* pid, byte* file, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newfd);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_addchdir_np(void* actions, byte* path);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_init(void* attributes);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigmask(void* attributes, void* mask);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigdefault(void* attributes, void* signals);

    [LibraryImport(Library)]
    public static partial int sigemptyset(void* set);

    [LibraryImport(Library)]
    public static partial int sigfillset(void* set);

    /// <summary>Linux's <c>statx</c>: unlike <c>stat</c>, its buffer layout is the same on every architecture.</summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint signal(int signum, nint handler);
}

/// <summary><c>struct pollfd</c>: the same layout on every POSIX system.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}
