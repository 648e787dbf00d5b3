package io.wharf.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagExpressionTest {
    @Test
    void starBlankAndNullMatchEverythingIncludingUntaggedMessages() {
        for (String e : new String[] {"*", " * ", "", null, "A || *"}) {
            TagExpression t = TagExpression.parse(e);
            assertThat(t.isAll()).as(e).isTrue();
            assertThat(t.matches("anything")).isTrue();
            assertThat(t.matches(null)).isTrue();
            assertThat(t.expression()).isEqualTo("*");
        }
    }

    @Test
    void alternativesMatchExactTagStringsOnly() {
        TagExpression t = TagExpression.parse("TagA ||TagB|| TagA ||  ");
        assertThat(t.tags()).containsExactlyInAnyOrder("TagA", "TagB");
        assertThat(t.expression()).isEqualTo("TagA || TagB");
        assertThat(t.matches("TagA")).isTrue();
        assertThat(t.matches("TagB")).isTrue();
        assertThat(t.matches("TagC")).isFalse();
        assertThat(t.matches("taga")).as("case-sensitive").isFalse();
        assertThat(t.matches(null)).as("untagged").isFalse();
    }

    @Test
    void aSingleTag() {
        TagExpression t = TagExpression.parse("paid");
        assertThat(t.isAll()).isFalse();
        assertThat(t.matches("paid")).isTrue();
        assertThat(t.matches("paid2")).isFalse();
    }
}
