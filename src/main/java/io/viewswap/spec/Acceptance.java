package io.viewswap.spec;

import java.util.Objects;

/**
 * One entry of the spec's {@code accept:} list: the owner of the tables says, by name and with a
 * reason, that a blocker about an object another role owns (a function body, a trigger argument, a
 * pg_cron job, a pg_partman row) is known and taken care of. Without it only that object's owner or
 * a superuser could clear the blocker. {@code check} validates every entry against its findings and
 * shows the finding as accepted, never hides it.
 *
 * @param finding the finding code, e.g. {@code function-body}
 * @param object the object as the finding names it, e.g. {@code public.audit(integer)}
 * @param reason why it is acceptable, shown with the finding
 * @param position where the entry is in the spec file
 */
public record Acceptance(String finding, String object, String reason, Position position) {
  public Acceptance {
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(position, "position");
  }
}
