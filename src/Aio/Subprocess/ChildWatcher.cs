using Aio.Native;

namespace Aio;

/// <summary>
/// Learns when a child exits and reaps it. On Linux a pidfd (readable when the process exits) is
/// registered with the loop's reactor, so the exit reaches the loop like any I/O, with no thread:
/// asyncio 3.12's <c>PidfdChildWatcher</c>. Elsewhere, or where pidfds are missing, a thread blocks in
/// <c>waitpid</c> and posts the status to the loop (asyncio's <c>ThreadedChildWatcher</c>).
/// </summary>
internal static unsafe class ChildWatcher
{
    private const int WNoHang = 1;

    /// <summary>Calls <paramref name="onExit"/> on the loop with the child's return code once it exits.</summary>
    public static void Watch(EventLoop loop, int pid, Action<int> onExit)
    {
        if (OperatingSystem.IsLinux())
        {
            int pidfd;
            try
            {
                pidfd = Libc.pidfd_open(pid, 0);
            }
            catch (EntryPointNotFoundException)
            {
                pidfd = -1;
            }

            if (pidfd >= 0)
            {
                loop.Reactor.SetInterest(new PidfdSource(loop, pid, pidfd, onExit), IoEvents.Read);
                return;
            }
        }

        var thread = new Thread(() =>
        {
            int status = BlockingWait(pid);
            try
            {
                loop.CallSoonThreadsafe(() => onExit(Decode(status)));
            }
            catch (InvalidOperationException)
            {
                // The loop closed first; the child is reaped all the same.
            }
        })
        {
            IsBackground = true,
            Name = $"aio-waitpid-{pid}",
        };
        thread.Start();
    }

    private static int BlockingWait(int pid)
    {
        int status = 0;
        while (Libc.waitpid(pid, &status, 0) < 0 && Errno.Last == Errno.EINTR)
        {
        }

        return status;
    }

    /// <summary>asyncio's return code: the exit status, or minus the signal that ended the process.</summary>
    internal static int Decode(int status)
    {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : -signal;
    }

    private sealed class PidfdSource(EventLoop loop, int pid, int pidfd, Action<int> onExit) : IoSource(pidfd)
    {
        public override string ToString() => $"<PidfdWatcher pid={pid}>";

        protected internal override void OnReadable()
        {
            int status = 0;
            int reaped = Libc.waitpid(pid, &status, WNoHang);
            if (reaped == 0 || (reaped < 0 && Errno.Last == Errno.EINTR))
            {
                return;
            }

            loop.Reactor.SetInterest(this, IoEvents.None);
            Libc.close(Fd);

            // Reaped by someone else (ECHILD): asyncio reports 255 for an unknown child.
            onExit(reaped == pid ? Decode(status) : 255);
        }

        protected internal override void OnWritable()
        {
        }
    }
}
