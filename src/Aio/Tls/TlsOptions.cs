using System.Net.Security;

namespace Aio;

/// <summary>Per-connection copies of TLS options, so the caller's object is never changed.</summary>
internal static class TlsOptions
{
    /// <summary>The options with <c>TargetHost</c> defaulting to the host connected to (asyncio's <c>server_hostname</c>).</summary>
    public static SslClientAuthenticationOptions ForHost(SslClientAuthenticationOptions options, string host)
    {
        if (!string.IsNullOrEmpty(options.TargetHost))
        {
            return options;
        }

        return new SslClientAuthenticationOptions
        {
            TargetHost = host,
            AllowRenegotiation = options.AllowRenegotiation,
            AllowTlsResume = options.AllowTlsResume,
            ApplicationProtocols = options.ApplicationProtocols,
            CertificateChainPolicy = options.CertificateChainPolicy,
            CertificateRevocationCheckMode = options.CertificateRevocationCheckMode,
            CipherSuitesPolicy = options.CipherSuitesPolicy,
            ClientCertificateContext = options.ClientCertificateContext,
            ClientCertificates = options.ClientCertificates,
            EnabledSslProtocols = options.EnabledSslProtocols,
            EncryptionPolicy = options.EncryptionPolicy,
            LocalCertificateSelectionCallback = options.LocalCertificateSelectionCallback,
            RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback,
        };
    }
}
