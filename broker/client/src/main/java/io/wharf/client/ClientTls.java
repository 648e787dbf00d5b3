package io.wharf.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * TLS to the brokers: the CA certificates the client trusts (PEM; null: the JDK's default trust store) and,
 * for brokers that require client certificates, the client's PEM certificate and PKCS#8 key. The broker's
 * certificate must name the host the client connects to (its bootstrap address): host names are verified.
 */
public final class ClientTls {
    private final SslContext context;
    private final String description;

    private ClientTls(SslContext context, String description) {
        this.context = context;
        this.description = description;
    }

    /** Trusts the CAs in {@code trustCertificates} (PEM), without a client certificate. */
    public static ClientTls trusting(Path trustCertificates) {
        return of(Objects.requireNonNull(trustCertificates, "trustCertificates"), null, null);
    }

    /**
     * Trusts {@code trustCertificates} (null: the JDK's trust store) and presents {@code certificate} with its
     * {@code privateKey} when the broker asks for one (both null: none).
     */
    public static ClientTls of(Path trustCertificates, Path certificate, Path privateKey) {
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("a client certificate needs its private key, and the other way round");
        }
        for (Path p : new Path[] {trustCertificates, certificate, privateKey}) {
            if (p != null && !Files.isReadable(p)) {
                throw new IllegalArgumentException("TLS file " + p + " is not readable");
            }
        }
        try {
            SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
            if (trustCertificates != null) {
                b.trustManager(trustCertificates.toFile());
            }
            if (certificate != null) {
                b.keyManager(certificate.toFile(), privateKey.toFile());
            }
            return new ClientTls(b.build(), "trust " + (trustCertificates == null ? "JDK default" : trustCertificates)
                + (certificate == null ? "" : ", client certificate " + certificate));
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS (" + trustCertificates + ", " + certificate
                + "): " + e.getMessage(), e);
        }
    }

    /** The Netty context (internal). */
    public SslContext context() {
        return context;
    }

    @Override
    public String toString() {
        return "ClientTls[" + description + "]";
    }
}
