using Aio.Http.WebSockets;

namespace Aio.Http.Tests.WebSockets;

/// <summary>The frame codec and parser against RFC 6455's own examples (section 5.7) and each receive rule.</summary>
public sealed class FrameCodecTests
{
    private static WebSocketParser Server(long max = WebSocketOptions.DefaultMaxMessageSize) => new(expectMasked: true, max);

    private static WebSocketParser Client(long max = WebSocketOptions.DefaultMaxMessageSize) => new(expectMasked: false, max);

    private static List<WsMessage> ReadAll(WebSocketParser parser, params byte[][] chunks)
    {
        var messages = new List<WsMessage>();
        foreach (byte[] chunk in chunks)
        {
            parser.Feed(chunk);
            while (parser.TryRead(out WsMessage m))
            {
                messages.Add(m);
            }
        }

        return messages;
    }

    private static WebSocketError Rejects(WebSocketParser parser, byte[] data)
    {
        parser.Feed(data);
        return Assert.Throws<WebSocketError>(() =>
        {
            while (parser.TryRead(out _))
            {
            }
        });
    }

    [Fact]
    public void Rfc57_SingleFrameUnmaskedText()
    {
        WsMessage m = Assert.Single(ReadAll(Client(), [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]));
        Assert.Equal(WsMsgType.Text, m.Type);
        Assert.Equal("Hello", m.Text);
    }

    [Fact]
    public void Rfc57_SingleFrameMaskedText()
    {
        WsMessage m = Assert.Single(ReadAll(Server(), [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]));
        Assert.Equal("Hello", m.Text);
    }

    [Fact]
    public void Rfc57_FragmentedUnmaskedText()
    {
        var parser = Client();
        parser.Feed([0x01, 0x03, 0x48, 0x65, 0x6c]);
        Assert.False(parser.TryRead(out _));
        WsMessage m = Assert.Single(ReadAll(parser, [0x80, 0x02, 0x6c, 0x6f]));
        Assert.Equal("Hello", m.Text);
    }

    [Fact]
    public void Rfc57_PingAndMaskedPong()
    {
        WsMessage ping = Assert.Single(ReadAll(Client(), [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]));
        Assert.Equal(WsMsgType.Ping, ping.Type);
        Assert.Equal("Hello"u8.ToArray(), ping.Data);
        WsMessage pong = Assert.Single(ReadAll(Server(), [0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]));
        Assert.Equal(WsMsgType.Pong, pong.Type);
        Assert.Equal("Hello"u8.ToArray(), pong.Data);
    }

    [Theory]
    [InlineData(256, new byte[] { 0x82, 0x7E, 0x01, 0x00 })]
    [InlineData(65536, new byte[] { 0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0 })]
    public void Rfc57_BinaryWith16And64BitLengths(int size, byte[] header)
    {
        byte[] payload = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        WsMessage m = Assert.Single(ReadAll(Client(), [.. header, .. payload]));
        Assert.Equal(WsMsgType.Binary, m.Type);
        Assert.Equal(payload, m.Data);

        Span<byte> written = stackalloc byte[WsFrameCodec.MaxHeaderLength];
        int length = WsFrameCodec.WriteHeader(written, WsOpcode.Binary, fin: true, size, maskKey: null);
        Assert.Equal(header, written[..length].ToArray());
    }

    [Fact]
    public void WriterProducesTheRfcMaskedFrame()
    {
        byte[] frame = new byte[11];
        uint key = BitConverter.ToUInt32(Frames.RfcKey);
        "Hello"u8.CopyTo(frame.AsSpan(6));
        WsFrameCodec.Mask(frame.AsSpan(6), key);
        Assert.Equal(6, WsFrameCodec.WriteHeader(frame, WsOpcode.Text, fin: true, 5, key));
        Assert.Equal(new byte[] { 0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 }, frame);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(1027)]
    public void MaskMatchesBytewiseXorAtEveryLength(int length)
    {
        var random = new Random(length);
        byte[] data = new byte[length];
        random.NextBytes(data);
        byte[] expected = data.Select((b, i) => (byte)(b ^ Frames.RfcKey[i % 4])).ToArray();
        WsFrameCodec.Mask(data, BitConverter.ToUInt32(Frames.RfcKey));
        Assert.Equal(expected, data);
    }

    [Fact]
    public void FramesSplitAtEveryByteStillParse()
    {
        byte[] stream = [.. Frames.Text("héllo"), .. Frames.Binary(new byte[300]), .. Frames.Close(1000, "bye")];
        var parser = Server();
        var messages = new List<WsMessage>();
        foreach (byte b in stream)
        {
            messages.AddRange(ReadAll(parser, [b]));
        }

        Assert.Equal([WsMsgType.Text, WsMsgType.Binary, WsMsgType.Close], messages.Select(m => m.Type));
        Assert.Equal("héllo", messages[0].Text);
        Assert.Equal(300, messages[1].Data.Length);
        Assert.Equal(WsCloseCode.Ok, messages[2].CloseCode);
        Assert.Equal("bye", messages[2].Text);
    }

    [Fact]
    public void ControlFramesMayInterleaveWithFragments()
    {
        List<WsMessage> messages = ReadAll(
            Server(),
            Frames.Text("Hel", fin: false),
            Frames.Build(0x89, "p"u8, Frames.RfcKey),
            Frames.Build(0x00, "lo"u8, Frames.RfcKey),
            Frames.Build(0x80, " world"u8, Frames.RfcKey));
        Assert.Equal([WsMsgType.Ping, WsMsgType.Text], messages.Select(m => m.Type));
        Assert.Equal("Hello world", messages[1].Text);
    }

    [Fact]
    public void UnmaskedFrameFromClientIs1002() =>
        Assert.Equal(WsCloseCode.ProtocolError, Rejects(Server(), Frames.Text("x", masked: false)).Code);

    [Fact]
    public void MaskedFrameFromServerIs1002() =>
        Assert.Equal(WsCloseCode.ProtocolError, Rejects(Client(), Frames.Text("x", masked: true)).Code);

    [Theory]
    [InlineData(0xC1)] // RSV1 (no permessage-deflate negotiated)
    [InlineData(0xA1)] // RSV2
    [InlineData(0x91)] // RSV3
    [InlineData(0x83)] // reserved data opcode
    [InlineData(0x8B)] // reserved control opcode
    [InlineData(0x09)] // fragmented ping
    [InlineData(0x08)] // fragmented close
    [InlineData(0x80)] // continuation with nothing to continue
    public void ForbiddenFirstBytesAre1002(byte first)
    {
        WebSocketError e = Rejects(Server(), Frames.Build(first, "ab"u8, Frames.RfcKey));
        Assert.Equal(WsCloseCode.ProtocolError, e.Code);
    }

    [Fact]
    public void ControlFrameOver125BytesIs1002() =>
        Assert.Equal(WsCloseCode.ProtocolError, Rejects(Server(), Frames.Build(0x89, new byte[126], Frames.RfcKey)).Code);

    [Fact]
    public void NewMessageInsideFragmentedOneIs1002()
    {
        var parser = Server();
        Assert.Empty(ReadAll(parser, Frames.Text("a", fin: false)));
        Assert.Equal(WsCloseCode.ProtocolError, Rejects(parser, Frames.Text("b")).Code);
    }

    [Fact]
    public void NonMinimalLengthsAre1002()
    {
        Assert.Equal(WsCloseCode.ProtocolError, Rejects(Server(), Frames.Build(0x82, new byte[5], Frames.RfcKey, lengthForm: 16)).Code);
        Assert.Equal(WsCloseCode.ProtocolError, Rejects(Server(), Frames.Build(0x82, new byte[200], Frames.RfcKey, lengthForm: 64)).Code);
    }

    [Fact]
    public void LengthWithTopBitSetIs1002()
    {
        byte[] frame = [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4];
        Assert.Equal(WsCloseCode.ProtocolError, Rejects(Server(), frame).Code);
    }

    [Fact]
    public void InvalidUtf8TextIs1007()
    {
        WebSocketError e = Rejects(Server(), Frames.Build(0x81, [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80], Frames.RfcKey));
        Assert.Equal(WsCloseCode.InvalidText, e.Code);
    }

    [Fact]
    public void Utf8SplitAcrossFragmentsIsValid()
    {
        byte[] euro = "€"u8.ToArray();
        List<WsMessage> messages = ReadAll(
            Server(),
            Frames.Build(0x01, euro.AsSpan(0, 1), Frames.RfcKey),
            Frames.Build(0x80, euro.AsSpan(1), Frames.RfcKey));
        Assert.Equal("€", Assert.Single(messages).Text);
    }

    [Fact]
    public void InvalidUtf8CloseReasonIs1007() =>
        Assert.Equal(WsCloseCode.InvalidText, Rejects(Server(), Frames.Build(0x88, [0x03, 0xE8, 0xFF], Frames.RfcKey)).Code);

    [Theory]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(1100)]
    [InlineData(2999)]
    [InlineData(5000)]
    public void CloseCodesThatMayNotBeSentAre1002(int code) =>
        Assert.Equal(WsCloseCode.ProtocolError, Rejects(Server(), Frames.Close(code)).Code);

    [Theory]
    [InlineData(1000)]
    [InlineData(1003)]
    [InlineData(1007)]
    [InlineData(1014)]
    [InlineData(3000)]
    [InlineData(4999)]
    public void ValidCloseCodesAreReported(int code)
    {
        WsMessage m = Assert.Single(ReadAll(Server(), Frames.Close(code, "why")));
        Assert.Equal((WsCloseCode)code, m.CloseCode);
        Assert.Equal("why", m.Text);
    }

    [Fact]
    public void CloseWithoutPayloadHasNoCodeAndOneBytePayloadIs1002()
    {
        WsMessage m = Assert.Single(ReadAll(Server(), Frames.Close(null)));
        Assert.Null(m.CloseCode);
        Assert.Equal(WsCloseCode.ProtocolError, Rejects(Server(), Frames.Build(0x88, [0x03], Frames.RfcKey)).Code);
    }

    [Fact]
    public void MessageOverLimitIs1009FromTheHeaderAlone()
    {
        // Only the header is sent: the limit is enforced before the payload is buffered.
        byte[] header = Frames.Build(0x82, new byte[2000], Frames.RfcKey)[..8];
        WebSocketError e = Rejects(Server(max: 1000), header);
        Assert.Equal(WsCloseCode.MessageTooBig, e.Code);
        Assert.Equal("Message size 2000 exceeds limit 1000", e.Message);
    }

    [Fact]
    public void FragmentsTogetherOverLimitAre1009()
    {
        var parser = Server(max: 1000);
        Assert.Empty(ReadAll(parser, Frames.Binary(new byte[600], fin: false)));
        Assert.Equal(WsCloseCode.MessageTooBig, Rejects(parser, Frames.Build(0x80, new byte[600], Frames.RfcKey)).Code);
    }

    [Fact]
    public void AfterAnErrorTheParserYieldsNothing()
    {
        var parser = Server();
        Rejects(parser, Frames.Text("x", masked: false));
        parser.Feed(Frames.Text("ok"));
        Assert.False(parser.TryRead(out _));
    }

    [Fact]
    public void ReadsStraightIntoItsBuffer()
    {
        var parser = Client();
        byte[] frame = [0x81, 0x02, (byte)'o', (byte)'k'];
        Memory<byte> buffer = parser.GetBuffer(-1);
        frame.CopyTo(buffer);
        parser.Advance(frame.Length);
        Assert.True(parser.TryRead(out WsMessage m));
        Assert.Equal("ok", m.Text);
        Assert.Equal(0, parser.Buffered);
    }

    [Fact]
    public void HandshakeAcceptMatchesRfcExample() =>
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.ComputeAccept("dGhlIHNhbXBsZSBub25jZQ=="));

    [Fact]
    public void HandshakeKeysAreSixteenRandomBytes()
    {
        string a = WebSocketHandshake.CreateKey();
        Assert.True(WebSocketHandshake.IsValidKey(a));
        Assert.NotEqual(a, WebSocketHandshake.CreateKey());
        Assert.False(WebSocketHandshake.IsValidKey("c2hvcnQ="));
        Assert.False(WebSocketHandshake.IsValidKey("not base64!"));
        Assert.False(WebSocketHandshake.IsValidKey(null));
    }

    [Fact]
    public void SubprotocolIsTheClientsFirstSupportedOffer()
    {
        Assert.Equal("chat", WebSocketHandshake.SelectProtocol(["superchat, chat", "v2"], ["v2", "chat"]));
        Assert.Null(WebSocketHandshake.SelectProtocol(["a", "b"], ["c"]));
    }

    [Fact]
    public void RequestValidationGivesTheStatusToAnswer()
    {
        var good = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Upgrade"] = "websocket",
            ["Connection"] = "keep-alive, Upgrade",
            ["Sec-WebSocket-Version"] = "13",
            ["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ==",
            ["Sec-WebSocket-Protocol"] = "chat",
        };
        (string accept, string? protocol) = WebSocketHandshake.ValidateRequest("GET", n => good.GetValueOrDefault(n), ["chat"]);
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", accept);
        Assert.Equal("chat", protocol);

        int Status(string method, string header, string? value)
        {
            var h = new Dictionary<string, string>(good, StringComparer.OrdinalIgnoreCase);
            if (value is null) h.Remove(header); else h[header] = value;
            return Assert.Throws<WsHandshakeError>(() => WebSocketHandshake.ValidateRequest(method, n => h.GetValueOrDefault(n), [])).Status;
        }

        Assert.Equal(405, Status("POST", "Upgrade", "websocket"));
        Assert.Equal(400, Status("GET", "Upgrade", "h2c"));
        Assert.Equal(400, Status("GET", "Connection", "keep-alive"));
        Assert.Equal(426, Status("GET", "Sec-WebSocket-Version", "8"));
        Assert.Equal(400, Status("GET", "Sec-WebSocket-Key", null));
        Assert.Equal(400, Status("GET", "Sec-WebSocket-Key", "c2hvcnQ="));
    }
}
