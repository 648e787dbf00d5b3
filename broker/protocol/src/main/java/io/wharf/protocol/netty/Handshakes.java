package io.wharf.protocol.netty;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.CompletableFuture;

/**
 * What a new connection must get through before it carries requests: the TLS handshake when its pipeline has an
 * {@link SslHandler}, then authentication when it has an {@link AuthHandshake}. The future fails with the first
 * one's cause: an {@code SSLException} for TLS, a {@code ProtocolException} with the broker's status for AUTH.
 */
public final class Handshakes {
    private Handshakes() {
    }

    /** Completes once {@code channel} is ready for requests. Call right after it connected. */
    public static CompletableFuture<Void> of(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        AuthHandshake auth = channel.pipeline().get(AuthHandshake.class);
        CompletableFuture<Void> tls = new CompletableFuture<>();
        if (ssl == null) {
            tls.complete(null);
        } else {
            ssl.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    tls.complete(null);
                } else {
                    tls.completeExceptionally(f.cause());
                }
            });
        }
        return auth == null ? tls : tls.thenCompose(v -> auth.done());
    }
}
