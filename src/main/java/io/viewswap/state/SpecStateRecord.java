package io.viewswap.state;

import io.viewswap.api.State;
import java.time.OffsetDateTime;

/**
 * The state row of one spec.
 *
 * @param specId the spec's id
 * @param checksum the checksum of the spec as last applied
 * @param state where it stands
 * @param createdAt when its first phase ran
 * @param updatedAt when its last phase ran
 */
public record SpecStateRecord(
    String specId,
    String checksum,
    State state,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {}
