namespace Aio;

/// <summary>Which I/O reactor an <see cref="EventLoop"/> blocks in (see docs/design/reactor.md).</summary>
public enum ReactorKind
{
    /// <summary>
    /// The <c>AIO_REACTOR</c> environment variable (<c>epoll</c> or <c>poll</c>) if set; otherwise epoll
    /// on Linux and poll on other POSIX systems.
    /// </summary>
    Default = 0,

    /// <summary>Linux epoll, level-triggered, driven by the loop thread, with an eventfd for wake-ups.</summary>
    Epoll = 1,

    /// <summary>The portable <c>poll(2)</c> reactor, for any POSIX system; a pipe carries wake-ups.</summary>
    Poll = 2,
}
