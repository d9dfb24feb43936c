using System.Text;
using Aio.Http.Protocol;

namespace Aio.Http.Tests.Protocol;

/// <summary>
/// Seeded fuzzing of the parsers alone: mutated requests and responses, fed whole and byte by byte.
/// The only exception allowed is <see cref="HttpParseException"/> with a 4xx/5xx status, and feeding
/// in pieces must reach the same verdict as feeding at once.
/// </summary>
public sealed class ParserFuzzTests
{
    private static readonly string[] Responses =
    [
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX: y\r\n\r\n",
        "HTTP/1.0 404 Not Found\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
    ];

    private static readonly string[] Requests =
    [
        "GET /a?b=c HTTP/1.1\r\nHost: h\r\nCookie: a=b\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "PUT /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
    ];

    [Theory]
    [InlineData(1, 4000)]
    [InlineData(2, 4000)]
    public void MutatedMessages_OnlyEverRaiseParseErrors(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            bool response = random.Next(2) == 0;
            string seedText = response ? Responses[random.Next(Responses.Length)] : Requests[random.Next(Requests.Length)];
            byte[] bytes = Mutate(random, seedText);
            string whole = Verdict(bytes, response, step: bytes.Length);
            string pieces = Verdict(bytes, response, step: 1 + random.Next(7));
            Assert.True(whole == pieces, $"case {i}: whole={whole} pieces={pieces} input={Convert.ToHexString(bytes)}");
        }
    }

    private static string Verdict(byte[] bytes, bool response, int step)
    {
        try
        {
            int available = 0;
            int start = 0;
            var requestParser = new HttpRequestParser();
            var responseParser = new HttpResponseParser();
            HttpBodyFraming framing;
            long length;
            while (true)
            {
                available = Math.Min(bytes.Length - start, available + step);
                ReadOnlySpan<byte> span = bytes.AsSpan(start, available);
                int used;
                if (response)
                {
                    HttpResponseHead? head = responseParser.TryParse(span, out used);
                    if (head is null)
                    {
                        if (start + available == bytes.Length)
                        {
                            return "incomplete-head";
                        }

                        continue;
                    }

                    framing = head.Framing;
                    length = head.ContentLength;
                }
                else
                {
                    HttpRequestHead? head = requestParser.TryParse(span, out used);
                    if (head is null)
                    {
                        if (start + available == bytes.Length)
                        {
                            return "incomplete-head";
                        }

                        continue;
                    }

                    framing = head.Framing;
                    length = head.ContentLength;
                }

                start += used;
                available -= used;
                break;
            }

            var decoder = new HttpBodyDecoder(framing, length);
            long total = 0;
            while (!decoder.IsComplete)
            {
                int used = decoder.Decode(bytes.AsSpan(start, available), out ReadOnlySpan<byte> data);
                total += data.Length;
                start += used;
                available -= used;
                if (used == 0)
                {
                    if (start + available == bytes.Length)
                    {
                        decoder.EndOfInput();
                        break;
                    }

                    available = Math.Min(bytes.Length - start, available + step);
                }
            }

            return $"ok {framing} {total}";
        }
        catch (HttpParseException e)
        {
            Assert.InRange(e.Status, 400, 505);
            return "error " + e.Status;
        }
    }

    private static byte[] Mutate(Random random, string seed)
    {
        var text = new StringBuilder(seed);
        for (int e = random.Next(0, 4); e > 0; e--)
        {
            int at = random.Next(text.Length + 1);
            switch (random.Next(3))
            {
                case 0:
                    text.Insert(at, new[] { "\r", "\n", " ", ":", "\0", ",", ";", "chunked", "0", "ff", "\t" }[random.Next(11)]);
                    break;
                case 1 when at < text.Length:
                    text.Remove(at, 1);
                    break;
                default:
                    if (at < text.Length)
                    {
                        text[at] = (char)random.Next(256);
                    }

                    break;
            }
        }

        return Encoding.Latin1.GetBytes(text.ToString());
    }
}
