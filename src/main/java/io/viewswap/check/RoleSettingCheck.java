package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Spec;
import io.viewswap.state.RoleSetting;
import io.viewswap.text.VisibleText;
import java.util.List;
import java.util.Optional;

/**
 * After expand, the release role's search_path must be what expand set, or the new release reads
 * the old names ({@code 42703}). An {@code ALTER ROLE ... IN DATABASE} setting lives outside the
 * database's objects: {@code pg_dump} without {@code --create} leaves it out, so a restore loses it
 * silently. This says so, with the statement that puts it back.
 */
public final class RoleSettingCheck implements SpecRule {

  @Override
  public List<Finding> find(CheckContext ctx) {
    return check(ctx.spec(), ctx.state(), ctx.roleSetting());
  }

  public List<Finding> check(Spec spec, State state, Optional<RoleSetting> setting) {
    if (setting.isEmpty() || !setting.get().lost() || !RenameGeometry.inTransition(state)) {
      return List.of();
    }
    RoleSetting s = setting.get();
    String recorded = s.recorded().orElseThrow();
    String role = Identifiers.display(s.role());
    return List.of(
        new Finding(
            Severity.WARNING,
            FindingCode.RELEASE_ROLE_SETTING_LOST,
            new Diagnostic(
                spec.file(),
                spec.options().releaseRoleAt(),
                "release role "
                    + VisibleText.oneLine(role)
                    + " has "
                    + s.current()
                        .map(c -> "search_path = " + VisibleText.oneLine(c))
                        .orElse("no search_path")
                    + " in database "
                    + VisibleText.oneLine(Identifiers.display(s.database()))
                    + ", but expand set it to "
                    + VisibleText.oneLine(recorded)
                    + ": the new release resolves the old names (a restore from pg_dump without --create"
                    + " leaves this setting out, or someone changed it)",
                "put it back: ALTER ROLE "
                    + VisibleText.oneLine(role)
                    + " IN DATABASE "
                    + VisibleText.oneLine(Identifiers.display(s.database()))
                    + " SET search_path = "
                    + VisibleText.oneLine(recorded)
                    + "; then reconnect the new release's sessions"
                    + (s.current().isEmpty()
                        ? " (the next swap, or swap's rollback, puts a lost setting back itself)"
                        : ""))));
  }
}
