package io.wharf.coupon.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Which dead messages to re-drive: {@code {"ids":[...]}} (their offsetMsgIds) or {@code {"all":true}}.
 *
 * @param ids the dead messages
 * @param all every dead message not re-driven before
 */
@Serdeable
public record RedriveRequest(@Nullable @Size(min = 1, max = 1000) List<@NotBlank @Size(max = 64) String> ids,
                             @Nullable Boolean all) {
}
