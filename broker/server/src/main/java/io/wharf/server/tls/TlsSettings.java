package io.wharf.server.tls;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLContext;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * TLS of the protocol port (clients and the members' Raft links share it): the node's PEM certificate chain and
 * PKCS#8 private key, optionally the CA certificates it trusts for client certificates and for the other members,
 * and whether it asks clients for a certificate.
 *
 * @param certificate       PEM certificate chain ({@code tls.cert})
 * @param privateKey        PEM PKCS#8 private key ({@code tls.key})
 * @param trustCertificates PEM CA certificates ({@code tls.ca}), or null: the JDK's default trust store
 * @param clientAuth        NONE, OPTIONAL or REQUIRE ({@code tls.client.auth})
 */
public record TlsSettings(Path certificate, Path privateKey, Path trustCertificates, ClientAuth clientAuth) {
    public TlsSettings {
        require(certificate, "tls.cert");
        require(privateKey, "tls.key");
        if (trustCertificates != null) {
            require(trustCertificates, "tls.ca");
        }
        if (clientAuth != ClientAuth.NONE && trustCertificates == null) {
            throw new IllegalArgumentException("tls.client.auth needs tls.ca: the CAs client certificates chain to");
        }
    }

    private static void require(Path file, String key) {
        if (file == null || !Files.isReadable(file)) {
            throw new IllegalArgumentException(key + " must name a readable PEM file, got " + file);
        }
    }

    /** The listener's context. */
    public SslContext serverContext() {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                .clientAuth(clientAuth);
            if (trustCertificates != null) {
                b.trustManager(trustCertificates.toFile());
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use tls.cert " + certificate + " and tls.key " + privateKey
                + ": " + e.getMessage(), e);
        }
    }

    /** The JDK's context with this node's certificate, for the admin API's HTTPS listener. */
    public SSLContext adminContext() {
        try {
            SslContext ctx = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                .sslProvider(SslProvider.JDK).build();
            return ((JdkSslContext) ctx).context();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use tls.cert " + certificate + " for the admin API: "
                + e.getMessage(), e);
        }
    }

    /**
     * The context of this node's links to the other members: it verifies their certificates (and host names)
     * against {@code tls.ca} and presents its own certificate, for members that require one.
     */
    public SslContext peerContext() {
        try {
            File trust = trustCertificates == null ? null : trustCertificates.toFile();
            return SslContextBuilder.forClient().trustManager(trust)
                .keyManager(certificate.toFile(), privateKey.toFile())
                .endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build the members' TLS context: " + e.getMessage(), e);
        }
    }
}
