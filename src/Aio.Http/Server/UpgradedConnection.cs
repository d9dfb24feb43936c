namespace Aio.Http.Server;

/// <summary>
/// A connection taken over from the HTTP server after a 101 response (see <see cref="Request.DetachConnection"/>):
/// the transport, now delivering to the new protocol, and the bytes that had already arrived after the
/// request head, which the new protocol must process first.
/// </summary>
/// <param name="Transport">The connection's transport; its protocol is the one passed to <c>DetachConnection</c>.</param>
/// <param name="Buffered">Bytes received after the upgrade request's head, not yet processed.</param>
public sealed record UpgradedConnection(Transport Transport, ReadOnlyMemory<byte> Buffered);
