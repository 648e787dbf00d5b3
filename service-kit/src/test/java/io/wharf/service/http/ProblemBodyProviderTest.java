package io.wharf.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProblemBodyProviderTest {
    @Test
    void validationPathsNameTheFieldOfTheRequest() {
        assertThat(ProblemBodyProvider.field("place.request.items[0].qty")).isEqualTo("items[0].qty");
        assertThat(ProblemBodyProvider.field("place.request.userId")).isEqualTo("userId");
        assertThat(ProblemBodyProvider.field("list.limit")).isEqualTo("limit");
        assertThat(ProblemBodyProvider.field("status")).isEqualTo("status");
    }
}
