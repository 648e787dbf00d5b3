package io.wharf.server.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFilterTest {
    private static final Map<String, String> MSG = Map.of("a", "5", "b", "hello", "c", "2.5", "region", "EU",
        "flag", "true");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a = 5 | true", "a <> 5 | false", "a > 4 | true", "a >= 5 | true", "a < 5 | false", "a <= 5.0 | true",
        "c < 3 | true", "a > c | true", "b = 'hello' | true", "b <> 'hello' | false", "b = 'HELLO' | false",
        "a BETWEEN 1 AND 5 | true", "a NOT BETWEEN 1 AND 5 | false", "a BETWEEN 6 AND 9 | false",
        "region IN ('EU', 'US') | true", "region NOT IN ('EU', 'US') | false", "a IN (1, 5) | true",
        "missing IS NULL | true", "a IS NULL | false", "a IS NOT NULL | true",
        "missing = 1 | false", "NOT (missing = 1) | false", "missing = 1 OR a = 5 | true",
        "missing = 1 AND a = 5 | false", "TRUE | true", "FALSE OR a = 5 | true", "NOT FALSE | true",
        "(a = 5 AND b = 'hello') OR region = 'US' | true", "a = 5 and b = 'x' | false",
        "b = 'it''s' | false", "a = -5 | false", "missing NOT IN ('x') | false"
    })
    void evaluatesLikeSql(String expression, boolean expected) {
        assertThat(SqlFilter.parse(expression).matches(MSG)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a = | 3", "a == 5 | 3", "(a = 5 | 6", "a = 5) | 5", "a BETWEEN 1 5 | 12", "a IN 1 | 5",
        "a IS 5 | 5", "'x | 0", "a ! 5 | 2", "5 IS NULL | 2", "a IN (b) | 6", "AND a = 1 | 0", "a | 1",
        "a = 5 OR | 8"
    })
    void rejectsBadExpressionsWithTheirPosition(String expression, int position) {
        assertThatThrownBy(() -> SqlFilter.parse(expression)).isInstanceOf(FilterSyntaxException.class)
            .satisfies(e -> assertThat(((FilterSyntaxException) e).position()).isEqualTo(position));
    }

    @org.junit.jupiter.api.Test
    void boundsProtectTheBroker() {
        assertThatThrownBy(() -> SqlFilter.parse("(".repeat(40) + "a = 1" + ")".repeat(40)))
            .hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> SqlFilter.parse("a = 1 OR ".repeat(600) + "a = 1"))
            .isInstanceOf(FilterSyntaxException.class);
        assertThatThrownBy(() -> SqlFilter.parse("x".repeat(5000))).hasMessageContaining("longer than");
        assertThatThrownBy(() -> SqlFilter.parse("  ")).hasMessageContaining("empty");
    }
}
