package io.wharf.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.protocol.ReceivedMessage;
import io.wharf.protocol.WireReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullResponseTest {
    @Test
    void messagesOfTheSmallestPossibleEncodingDecode() {
        // Empty topic, host, properties and body: 54 bytes each, the bound the decoder may assume per message.
        ReceivedMessage tiny = new ReceivedMessage("", 0, 1, 2, 3, 4, "", 0, 0, Map.of(), new byte[0]);
        PullResponse response = new PullResponse(PullStatus.FOUND, 3, 0, 3, List.of(tiny, tiny, tiny));
        PullResponse decoded = PullResponse.decode(new WireReader(response.toBuffer()));
        assertThat(decoded.messages()).hasSize(3);
        assertThat(decoded.nextOffset()).isEqualTo(3);
    }
}
