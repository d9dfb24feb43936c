namespace Aio.Http.WebSockets;

/// <summary>
/// Close status codes (RFC 6455 section 7.4, aiohttp's <c>WSCloseCode</c>). Applications may use any
/// code from 3000 to 4999 by casting: <c>(WsCloseCode)4000</c>.
/// </summary>
public enum WsCloseCode
{
    /// <summary>1000: normal closure.</summary>
    Ok = 1000,

    /// <summary>1001: the endpoint is going away (server shutdown, page navigated away).</summary>
    GoingAway = 1001,

    /// <summary>1002: the peer broke the protocol.</summary>
    ProtocolError = 1002,

    /// <summary>1003: a message of a type this endpoint cannot accept.</summary>
    UnsupportedData = 1003,

    /// <summary>1006: the connection ended without a close frame (never sent on the wire).</summary>
    AbnormalClosure = 1006,

    /// <summary>1007: a text message (or close reason) that is not valid UTF-8.</summary>
    InvalidText = 1007,

    /// <summary>1008: a message that violates the endpoint's policy.</summary>
    PolicyViolation = 1008,

    /// <summary>1009: a message larger than the endpoint accepts.</summary>
    MessageTooBig = 1009,

    /// <summary>1010: the client expected an extension the server did not negotiate.</summary>
    MandatoryExtension = 1010,

    /// <summary>1011: the server met an unexpected condition.</summary>
    InternalError = 1011,

    /// <summary>1012: the service is restarting.</summary>
    ServiceRestart = 1012,

    /// <summary>1013: try again later.</summary>
    TryAgainLater = 1013,

    /// <summary>1014: a gateway or proxy received an invalid response upstream.</summary>
    BadGateway = 1014,
}
