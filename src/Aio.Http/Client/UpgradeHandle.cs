namespace Aio.Http.Client;

/// <summary>
/// The connection of a 101 response, out of the pool's hands: <see cref="Take"/> gives it to the
/// upgraded protocol (a WebSocket), <see cref="Drop"/> closes it if nobody took it.
/// </summary>
internal sealed class UpgradeHandle(BaseConnector connector, ClientConnection connection)
{
    private bool _done;

    /// <summary>Hands the transport to <paramref name="protocol"/>; returns it with the bytes already received past the head.</summary>
    /// <exception cref="InvalidOperationException">Already taken or dropped.</exception>
    public (Transport Transport, byte[] Buffered) Take(BaseProtocol protocol)
    {
        if (_done)
        {
            throw new InvalidOperationException("the upgraded connection was already taken or released");
        }

        _done = true;
        (Transport transport, byte[] buffered) = connection.Detach(protocol);
        connector.Detach(connection);
        return (transport, buffered);
    }

    /// <summary>Closes the connection unless it was taken.</summary>
    public void Drop()
    {
        if (!_done)
        {
            _done = true;
            connector.Release(connection, reusable: false);
        }
    }
}
