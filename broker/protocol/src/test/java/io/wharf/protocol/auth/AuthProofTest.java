package io.wharf.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.body.AuthChallengeResponse;
import io.wharf.protocol.body.AuthRequest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AuthProofTest {
    private static final byte[] SERVER = HexFormat.of().parseHex("00".repeat(31) + "01");
    private static final byte[] CLIENT = HexFormat.of().parseHex("ff".repeat(32));

    @Test
    void theProofDependsOnTheSecretTheKeyAndBothNonces() {
        byte[] p = AuthProof.compute("secret-1", "orders", SERVER, CLIENT);
        assertThat(p).hasSize(32);
        assertThat(AuthProof.matches(p, AuthProof.compute("secret-1", "orders", SERVER, CLIENT))).isTrue();
        assertThat(AuthProof.matches(p, AuthProof.compute("secret-2", "orders", SERVER, CLIENT))).isFalse();
        assertThat(AuthProof.matches(p, AuthProof.compute("secret-1", "coupons", SERVER, CLIENT))).isFalse();
        assertThat(AuthProof.matches(p, AuthProof.compute("secret-1", "orders", CLIENT, CLIENT))).isFalse();
        assertThat(AuthProof.matches(p, AuthProof.compute("secret-1", "orders", SERVER, SERVER))).isFalse();
    }

    @Test
    void theProofIsAFixedFunctionOfItsInputs() {
        // HMAC-SHA256("secret-1", "wharf-auth-v1" 0x00 "orders" 0x00 server client), as computed by
        // `printf ... | openssl dgst -sha256 -hmac secret-1`: a client in another language must arrive at it.
        assertThat(HexFormat.of().formatHex(AuthProof.compute("secret-1", "orders", SERVER, CLIENT)))
            .isEqualTo("2e3184adfbd83ed2fb272672fc4e85dd8df9eaea291ce7293d1da859de2f06f6");
    }

    @Test
    void noncesAreFreshAndBodiesRoundTrip() {
        assertThat(AuthProof.nonce()).hasSize(AuthProof.NONCE_BYTES).isNotEqualTo(AuthProof.nonce());
        AuthRequest r = new AuthRequest("orders", CLIENT, SERVER);
        AuthRequest back = AuthRequest.decode(new WireReader(r.toBuffer()));
        assertThat(back.accessKey()).isEqualTo("orders");
        assertThat(back.clientNonce()).isEqualTo(CLIENT);
        assertThat(back.proof()).isEqualTo(SERVER);
        assertThat(AuthChallengeResponse.decode(new WireReader(new AuthChallengeResponse(SERVER).toBuffer()))
            .serverNonce()).isEqualTo(SERVER);
    }

    @Test
    void credentialsHideTheirSecretAndNeedBothParts() {
        assertThat(new Credentials("orders", "s3cr3t-value").toString()).doesNotContain("s3cr3t");
        assertThatThrownBy(() -> new Credentials("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Credentials.ofNullable(null, "x")).isNull();
    }
}
