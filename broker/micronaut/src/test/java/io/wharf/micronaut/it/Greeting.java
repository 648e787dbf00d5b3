package io.wharf.micronaut.it;

import io.micronaut.serde.annotation.Serdeable;

@Serdeable
public record Greeting(String key, int n) {
}
