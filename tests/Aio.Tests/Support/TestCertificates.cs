using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aio.Tests.Support;

/// <summary>A self-signed certificate for <c>localhost</c>, made once per test run with .NET's own APIs (no openssl).</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> s_localhost = new(Create);

    public static X509Certificate2 Localhost => s_localhost.Value;

    public static SslServerAuthenticationOptions Server() => new() { ServerCertificate = Localhost };

    /// <summary>Client options that trust exactly the test certificate.</summary>
    public static SslClientAuthenticationOptions Client() => new()
    {
        RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(Localhost.GetCertHash()),
    };

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        // Through PKCS#12 so the private key is usable by every TLS backend.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
