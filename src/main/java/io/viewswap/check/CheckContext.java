package io.viewswap.check;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Phase;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.ReleaseRoleInfo;
import io.viewswap.catalog.ReplicationInfo;
import io.viewswap.catalog.StandbyInfo;
import io.viewswap.catalog.TableInfo;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import io.viewswap.state.RoleSetting;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a check may look at: the spec, the catalog, where the spec stands and which way the
 * run goes, and what the server said about roles and replication (empty when checking a snapshot,
 * with no server to ask).
 *
 * @param releaseRole what the catalog says about {@code options.release_role}; empty without one or
 *     offline
 * @param roleSetting the release role's search_path as expand recorded it and as it is now
 * @param replication the server's standbys, as the primary sees them; empty for a target whose
 *     server is checked once for all its targets (a fleet) or offline
 * @param standbys the standbys the user named ({@code --standby}), each read on its own connection
 */
public record CheckContext(
    Spec spec,
    CatalogSnapshot snapshot,
    State state,
    Direction direction,
    Optional<ReleaseRoleInfo> releaseRole,
    Optional<RoleSetting> roleSetting,
    Optional<ReplicationInfo> replication,
    List<StandbyInfo> standbys) {

  public CheckContext {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(releaseRole, "releaseRole");
    Objects.requireNonNull(roleSetting, "roleSetting");
    Objects.requireNonNull(replication, "replication");
    standbys = List.copyOf(standbys);
  }

  /** A snapshot checked without a server: no role or replication facts. */
  public static CheckContext offline(
      Spec spec, CatalogSnapshot snapshot, State state, Direction direction) {
    return new CheckContext(
        spec,
        snapshot,
        state,
        direction,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  /** Whether the run is the first phase, expand, from planned. */
  boolean expanding() {
    return expanding(state, direction);
  }

  /** Whether a run from {@code state} in {@code direction} is expand. */
  static boolean expanding(State state, Direction direction) {
    return RenameGeometry.phase(state, direction).filter(p -> p == Phase.EXPAND).isPresent()
        && direction == Direction.FORWARD;
  }

  /** Where the rename's table and views are. */
  RenameGeometry geometry(TableRename r) {
    return RenameGeometry.of(spec, r);
  }

  /** The rename's table where the state says it is; empty when it is not there. */
  Optional<TableInfo> liveTable(TableRename r) {
    return snapshot.table(geometry(r).liveTable(state));
  }

  /** A finding in the spec's file. */
  Finding finding(Severity s, FindingCode code, Position at, String message, String hint) {
    return new Finding(s, code, new Diagnostic(spec.file(), at, message, hint));
  }
}
