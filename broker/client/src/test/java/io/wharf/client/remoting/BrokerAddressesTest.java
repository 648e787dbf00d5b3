package io.wharf.client.remoting;

import io.wharf.client.BrokerAddresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerAddressesTest {
    private final BrokerAddresses addresses = BrokerAddresses.parse("a:1, b:2 ,c:3");

    @Test
    void startsAtTheFirstAddressAndMovesOnInOrderOnFailure() {
        assertThat(addresses.current()).isEqualTo("a:1");
        addresses.failed("a:1");
        assertThat(addresses.current()).isEqualTo("b:2");
        addresses.failed("b:2");
        addresses.failed("c:3");
        assertThat(addresses.current()).as("wraps around").isEqualTo("a:1");
    }

    @Test
    void aFailureOfAnAddressThatIsNoLongerCurrentChangesNothing() {
        addresses.failed("a:1");
        addresses.failed("a:1");
        assertThat(addresses.current()).isEqualTo("b:2");
    }

    @Test
    void aNamedLeaderBecomesCurrentAndAnUnknownOneIsAddedAfterTheBootstrapList() {
        assertThat(addresses.leaderIs("c:3")).isTrue();
        assertThat(addresses.current()).isEqualTo("c:3");
        assertThat(addresses.leaderIs("d:4")).isTrue();
        assertThat(addresses.current()).isEqualTo("d:4");
        assertThat(addresses.all()).containsExactly("a:1", "b:2", "c:3", "d:4");
        addresses.failed("d:4");
        assertThat(addresses.current()).isEqualTo("a:1");
    }

    @Test
    void aMalformedLeaderAddressIsIgnored() {
        for (String bad : new String[] {null, "", "host", "host:", ":1", "host:x", "a:1,b:2", "a b:1"}) {
            assertThat(addresses.leaderIs(bad)).as(bad).isFalse();
        }
        assertThat(addresses.current()).isEqualTo("a:1");
        assertThat(addresses.all()).hasSize(3);
    }

    @Test
    void bootstrapListMustHoldHostPortAddresses() {
        assertThatThrownBy(() -> BrokerAddresses.parse(" , ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BrokerAddresses.parse("a:1,b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(BrokerAddresses.parse("a:1,a:1").all()).containsExactly("a:1");
    }
}
