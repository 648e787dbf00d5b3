package io.wharf.service.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An error body, {@code application/problem+json} (RFC 9457), with the offending fields named in {@code errors}.
 *
 * @param type   {@code about:blank}: the status says what kind of problem it is
 * @param title  the status's reason phrase
 * @param status the HTTP status
 * @param detail what went wrong, for a human
 * @param errors one entry per bad field (or per problem when no field is to blame)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Problem(String type, String title, int status, @Nullable String detail, List<FieldError> errors) {
    /** The content type of a problem body. */
    public static final String CONTENT_TYPE = "application/problem+json";

    /**
     * One problem with a request.
     *
     * @param field   the field, e.g. {@code items[0].qty}, or null
     * @param message what is wrong with it
     */
    @Serdeable
    public record FieldError(@Nullable String field, String message) {
    }
}
