package io.wharf.micronaut.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Path;

/**
 * {@code wharf.tls.*}: TLS to the brokers (their port has {@code tls.enabled}). With {@code enabled} and no
 * {@code trust-certificates} the JDK's trust store decides; {@code certificate} and {@code private-key} (PEM,
 * PKCS#8) are the client certificate for brokers with {@code tls.client.auth}.
 */
@ConfigurationProperties("wharf.tls")
public class TlsSettings {
    private boolean enabled;
    @Nullable
    private Path trustCertificates;
    @Nullable
    private Path certificate;
    @Nullable
    private Path privateKey;

    /** Connect over TLS (default false). */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** PEM file of the CA certificates to trust. */
    @Nullable
    public Path getTrustCertificates() {
        return trustCertificates;
    }

    public void setTrustCertificates(@Nullable Path trustCertificates) {
        this.trustCertificates = trustCertificates;
    }

    /** PEM file of the client certificate chain. */
    @Nullable
    public Path getCertificate() {
        return certificate;
    }

    public void setCertificate(@Nullable Path certificate) {
        this.certificate = certificate;
    }

    /** PEM PKCS#8 file of the client certificate's key. */
    @Nullable
    public Path getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(@Nullable Path privateKey) {
        this.privateKey = privateKey;
    }
}
