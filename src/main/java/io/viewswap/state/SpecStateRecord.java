package io.viewswap.state;

import io.viewswap.api.State;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The state row of one spec.
 *
 * @param specId the spec's id
 * @param checksum the checksum of the spec as last applied
 * @param state where it stands
 * @param createdAt when its first phase ran
 * @param updatedAt when its last phase ran
 * @param appliedSpec the spec as last applied ({@link io.viewswap.spec.SpecText#json}); empty in a
 *     row an older viewswap wrote. Read from the trusted state schema, but still data: parse it
 *     with {@link io.viewswap.spec.SpecText#stored}, which checks it like a spec file.
 */
public record SpecStateRecord(
    String specId,
    String checksum,
    State state,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    Optional<String> appliedSpec) {}
