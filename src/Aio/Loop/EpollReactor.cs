using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Aio.Native;

namespace Aio;

/// <summary>
/// Linux epoll, driven by the loop thread (the libuv/uvloop and Netty-native design). Level-triggered:
/// a source hears about readiness for as long as it lasts, so one <c>recv</c> per event is enough, and
/// interest changes only when a source starts or stops wanting to write. An eventfd carries wake-ups
/// from other threads. Events land in a native array and become ready-queue entries without allocating.
/// </summary>
internal sealed unsafe class EpollReactor : Reactor
{
    private const int MaxEvents = 256;
    private const int CtlAdd = 1;
    private const int CtlDel = 2;
    private const int CtlMod = 3;
    private const uint EpollIn = 0x001;
    private const uint EpollOut = 0x004;
    private const uint EpollErr = 0x008;
    private const uint EpollHup = 0x010;
    private const int EpollCloexec = 0x80000;
    private const int EfdNonblock = 0x800;
    private const int EfdCloexec = 0x80000;

    // struct epoll_event is packed on x86 and x86-64 (12 bytes), naturally aligned elsewhere (16).
    private static readonly bool s_packed =
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    private static readonly int s_stride = s_packed ? 12 : 16;
    private static readonly int s_dataOffset = s_packed ? 4 : 8;

    private readonly int _epfd;
    private readonly int _wakeFd;
    private byte* _events;

    public EpollReactor(EventLoop loop)
        : base(loop)
    {
        _epfd = Libc.epoll_create1(EpollCloexec);
        if (_epfd < 0)
        {
            throw Errno.Exception(Errno.Last);
        }

        _wakeFd = Libc.eventfd(0, EfdNonblock | EfdCloexec);
        if (_wakeFd < 0)
        {
            int error = Errno.Last;
            Libc.close(_epfd);
            throw Errno.Exception(error);
        }

        _events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * s_stride));
        Control(CtlAdd, _wakeFd, EpollIn);
    }

    public override string Name => "epoll";

    public override int Poll(double? timeout)
    {
        int n = Libc.epoll_wait(_epfd, _events, MaxEvents, ToMilliseconds(timeout));
        if (n < 0)
        {
            int error = Errno.Last;
            if (error == Errno.EINTR)
            {
                return 0;
            }

            throw Errno.Exception(error);
        }

        int queued = 0;
        for (int i = 0; i < n; i++)
        {
            byte* entry = _events + (i * s_stride);
            uint mask = Unsafe.ReadUnaligned<uint>(entry);
            int fd = (int)Unsafe.ReadUnaligned<ulong>(entry + s_dataOffset);
            if (fd == _wakeFd)
            {
                // Drain first, then re-arm: a Wake() between the two would otherwise be drained
                // while its flag stayed set, and every later Wake() would be skipped.
                ulong count;
                Libc.read(_wakeFd, (byte*)&count, sizeof(ulong));
                OnWoken();
                queued++;
                continue;
            }

            if (Find(fd) is { } source)
            {
                queued += Dispatch(
                    source,
                    readable: (mask & EpollIn) != 0,
                    writable: (mask & EpollOut) != 0,
                    failed: (mask & (EpollErr | EpollHup)) != 0);
            }
        }

        return queued;
    }

    public override void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        base.Dispose();
        Libc.close(_wakeFd);
        Libc.close(_epfd);
        NativeMemory.Free(_events);
        _events = null;
    }

    protected override void Signal()
    {
        ulong one = 1;
        Libc.write(_wakeFd, (byte*)&one, sizeof(ulong));
    }

    protected override void Add(IoSource source, IoEvents events) => Control(CtlAdd, source.Fd, ToMask(events));

    protected override void Modify(IoSource source, IoEvents events) => Control(CtlMod, source.Fd, ToMask(events));

    protected override void Remove(IoSource source)
    {
        // A descriptor closed behind the loop's back has already left the epoll set: nothing to undo.
        byte* ev = stackalloc byte[16];
        Libc.epoll_ctl(_epfd, CtlDel, source.Fd, ev);
    }

    private static uint ToMask(IoEvents events) =>
        ((events & IoEvents.Read) != 0 ? EpollIn : 0) | ((events & IoEvents.Write) != 0 ? EpollOut : 0);

    private void Control(int op, int fd, uint mask)
    {
        byte* ev = stackalloc byte[16];
        Unsafe.WriteUnaligned(ev, mask);
        Unsafe.WriteUnaligned(ev + s_dataOffset, (ulong)(uint)fd);
        if (Libc.epoll_ctl(_epfd, op, fd, ev) == 0)
        {
            return;
        }

        int error = Errno.Last;
        if (error == Errno.EBADF)
        {
            throw new ArgumentException($"File descriptor {fd} is not open.");
        }

        if (error == Errno.EPERM)
        {
            throw new ArgumentException($"File descriptor {fd} cannot be polled (epoll does not watch regular files).");
        }

        throw Errno.Exception(error);
    }
}
