using Aio.Native;

namespace Aio;

/// <summary>
/// The portable reactor: <c>poll(2)</c>, available on every POSIX system. Registrations live in a
/// pinned <c>pollfd</c> array (slot 0 is the wake-up pipe); each source knows its slot, so interest
/// changes are O(1) and removal swaps in the last entry. Each poll scans the array, which is fine for
/// the hundreds of descriptors a portable fallback is for; epoll is the reactor that scales.
/// </summary>
internal sealed unsafe class PollReactor : Reactor
{
    private const short PollIn = 0x001;
    private const short PollOut = 0x004;
    private const short PollErr = 0x008;
    private const short PollHup = 0x010;
    private const short PollNval = 0x020;

    private readonly int _wakeRead;
    private readonly int _wakeWrite;
    private PollFd[] _fds = GC.AllocateArray<PollFd>(64, pinned: true);
    private IoSource?[] _owners = new IoSource?[64];
    private int _count;

    public PollReactor(EventLoop loop)
        : base(loop)
    {
        int* pair = stackalloc int[2];
        if (Libc.pipe(pair) != 0)
        {
            throw Errno.Exception(Errno.Last);
        }

        _wakeRead = pair[0];
        _wakeWrite = pair[1];
        foreach (int fd in new[] { _wakeRead, _wakeWrite })
        {
            Libc.fcntl(fd, Errno.FSetFl, Libc.fcntl(fd, Errno.FGetFl, 0) | Errno.ONonBlock);
            Libc.fcntl(fd, 2 /* F_SETFD */, 1 /* FD_CLOEXEC */);
        }

        _fds[0] = new PollFd { Fd = _wakeRead, Events = PollIn };
        _count = 1;
    }

    public override string Name => "poll";

    public override int Poll(double? timeout)
    {
        int n;
        fixed (PollFd* fds = _fds)
        {
            n = Libc.poll(fds, (nuint)_count, ToMilliseconds(timeout));
        }

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
        byte* drain = stackalloc byte[64];
        for (int i = 0; i < _count && n > 0; i++)
        {
            short revents = _fds[i].Revents;
            if (revents == 0)
            {
                continue;
            }

            n--;
            _fds[i].Revents = 0;
            if (i == 0)
            {
                // Drain first, then re-arm: a Wake() between the two would otherwise be drained
                // while its flag stayed set, and every later Wake() would be skipped.
                while (Libc.read(_wakeRead, drain, 64) == 64)
                {
                }

                OnWoken();

                queued++;
                continue;
            }

            queued += Dispatch(
                _owners[i]!,
                readable: (revents & PollIn) != 0,
                writable: (revents & PollOut) != 0,
                failed: (revents & (PollErr | PollHup | PollNval)) != 0);
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
        Libc.close(_wakeRead);
        Libc.close(_wakeWrite);
    }

    protected override void Signal()
    {
        byte one = 1;
        Libc.write(_wakeWrite, &one, 1);
    }

    protected override void Add(IoSource source, IoEvents events)
    {
        // poll() accepts any number and reports POLLNVAL later; check now, as epoll_ctl does.
        if (Libc.fcntl(source.Fd, Errno.FGetFd, 0) < 0)
        {
            throw new ArgumentException($"File descriptor {source.Fd} is not open.");
        }

        if (_count == _fds.Length)
        {
            PollFd[] bigger = GC.AllocateArray<PollFd>(_fds.Length * 2, pinned: true);
            _fds.CopyTo(bigger, 0);
            _fds = bigger;
            Array.Resize(ref _owners, bigger.Length);
        }

        int slot = _count++;
        _fds[slot] = new PollFd { Fd = source.Fd, Events = ToMask(events) };
        _owners[slot] = source;
        source.Slot = slot;
    }

    protected override void Modify(IoSource source, IoEvents events) => _fds[source.Slot].Events = ToMask(events);

    protected override void Remove(IoSource source)
    {
        int slot = source.Slot;
        int last = --_count;
        if (slot != last)
        {
            _fds[slot] = _fds[last];
            _owners[slot] = _owners[last];
            _owners[slot]!.Slot = slot;
        }

        _fds[last] = default;
        _owners[last] = null;
        source.Slot = -1;
    }

    private static short ToMask(IoEvents events) =>
        (short)(((events & IoEvents.Read) != 0 ? PollIn : 0) | ((events & IoEvents.Write) != 0 ? PollOut : 0));
}
