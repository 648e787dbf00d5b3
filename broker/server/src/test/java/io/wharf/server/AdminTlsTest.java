package io.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over HTTPS with the node's certificate (from the development CA command), tokens on top. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminTlsTest {
    private static final String ADMIN = "admin-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void theAdminApiSpeaksHttpsWithTheNodesCertificate() throws Exception {
        Path certs = devCertificates(dir.resolve("tls"));
        try (BrokerNode node = TestNodes.start(dir.resolve("node"), "tls.enabled", "true",
            "tls.cert", certs.resolve("broker.pem").toString(), "tls.key", certs.resolve("broker.key").toString(),
            "admin.tls.enabled", "true", "admin.token.admin", ADMIN)) {
            assertThat(node.adminUrl()).startsWith("https://");
            HttpClient trusting = HttpClient.newBuilder().sslContext(((JdkSslContext) SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK).trustManager(certs.resolve("ca.pem").toFile()).build()).context())
                .build();
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create(node.adminUrl()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> topics = trusting.send(HttpRequest.newBuilder(URI.create(node.adminUrl()
                + "/admin/topics")).header("Authorization", "Bearer " + ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(topics.statusCode()).isEqualTo(200);

            String plain = node.adminUrl().replace("https://", "http://");
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain
                + "/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .as("plain HTTP against the HTTPS port").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                node.adminUrl() + "/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .as("a client that does not trust the development CA").isInstanceOf(IOException.class);
        }
    }

    /** Runs deploy/tls/dev-certs.sh into {@code out}; fails (never skips) without openssl. */
    static Path devCertificates(Path out) throws Exception {
        Process p = new ProcessBuilder("bash", "../../deploy/tls/dev-certs.sh", out.toString())
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("dev-certs.sh failed: " + output);
        }
        return out;
    }
}
