package io.viewswap.geometry;

import static io.viewswap.api.Direction.FORWARD;
import static io.viewswap.api.Direction.ROLLBACK;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.State;
import io.viewswap.geometry.RenameGeometry.View;
import io.viewswap.geometry.RenameGeometry.ViewKind;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Position;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lifecycle table of the design, one row per state, for both shapes of rename. */
class RenameGeometryTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  static RenameGeometry first(String example) throws Exception {
    Spec spec = new SpecReader().read(PROJECT.resolve("specs/examples/" + example + ".yaml"));
    return RenameGeometry.of(spec, spec.renames().get(0));
  }

  @Test
  void aRenamedTableIsReachedUnderItsNewNameThroughTheViewThenTheTable() throws Exception {
    RenameGeometry g = first("customer-to-client");
    QualifiedName customer = new QualifiedName("public", "customer");
    QualifiedName client = new QualifiedName("public", "client");
    assertThat(g.renamesTable()).isTrue();
    assertThat(g.liveTable(State.PLANNED)).isEqualTo(customer);
    assertThat(g.liveTable(State.EXPANDED)).isEqualTo(customer);
    assertThat(g.liveTable(State.SWAPPED)).isEqualTo(client);
    assertThat(g.liveTable(State.CONTRACTED)).isEqualTo(client);
    assertThat(g.expandView()).isEqualTo(client);
    assertThat(g.compatView()).contains(customer);
    assertThat(g.viewsIn(State.PLANNED)).isEmpty();
    assertThat(g.viewsIn(State.EXPANDED)).containsExactly(client);
    assertThat(g.viewsIn(State.SWAPPED)).containsExactly(customer);
    assertThat(g.viewsIn(State.CONTRACTED)).isEmpty();
    assertThat(g.searchPath()).isEmpty();
  }

  @Test
  void aColumnOnlyRenameKeepsTheTableAndPutsItsViewInTheTransitionSchema() throws Exception {
    RenameGeometry g = first("columns-only");
    QualifiedName table = g.oldTable();
    assertThat(g.renamesTable()).isFalse();
    assertThat(g.newTable()).isEqualTo(table);
    for (State s : State.values()) {
      assertThat(g.liveTable(s)).isEqualTo(table);
    }
    assertThat(g.transitionSchema()).contains(table.schema() + "_next");
    assertThat(g.expandView()).isEqualTo(new QualifiedName(table.schema() + "_next", table.name()));
    assertThat(g.compatView()).isEmpty();
    assertThat(g.viewsIn(State.EXPANDED)).containsExactly(g.expandView());
    assertThat(g.viewsIn(State.SWAPPED)).isEmpty();
    assertThat(g.viewNames()).isEqualTo(List.of(g.expandView()));
    assertThat(g.searchPath()).isEqualTo(Optional.of(table.schema() + "_next," + table.schema()));
  }

  @Test
  void withoutACompatViewTheOldNameIsGoneAtTheSwap() {
    QualifiedName customer = new QualifiedName("public", "customer");
    QualifiedName client = new QualifiedName("public", "client");
    RenameGeometry g = new RenameGeometry(customer, client, Optional.empty(), false, List.of());
    assertThat(g.compatView()).isEmpty();
    assertThat(g.viewsIn(State.SWAPPED)).isEmpty();
  }

  // ----- what each run does: every (state, direction), the four without a phase included -----

  static final QualifiedName CUSTOMER = new QualifiedName("public", "customer");
  static final QualifiedName CLIENT = new QualifiedName("public", "client");
  static final View TRANSITIONAL = new View(ViewKind.TRANSITIONAL, CLIENT);
  static final View COMPAT = new View(ViewKind.COMPAT, CUSTOMER);

  static RenameGeometry renamed(boolean compat) {
    return new RenameGeometry(
        CUSTOMER,
        CLIENT,
        Optional.empty(),
        compat,
        List.of(new ColumnRename("email", "email_addr", Position.UNKNOWN)));
  }

  static RenameGeometry columnsOnly() {
    return new RenameGeometry(
        CUSTOMER,
        CUSTOMER,
        Optional.of("public_next"),
        false,
        List.of(new ColumnRename("email", "email_addr", Position.UNKNOWN)));
  }

  @Test
  void eachRunStartsFromOneStateAndRunsOnePhase() {
    assertThat(RenameGeometry.phase(State.PLANNED, FORWARD)).contains(Phase.EXPAND);
    assertThat(RenameGeometry.phase(State.EXPANDED, FORWARD)).contains(Phase.SWAP);
    assertThat(RenameGeometry.phase(State.SWAPPED, FORWARD)).contains(Phase.CONTRACT);
    assertThat(RenameGeometry.phase(State.CONTRACTED, FORWARD)).isEmpty();
    assertThat(RenameGeometry.phase(State.PLANNED, ROLLBACK)).isEmpty();
    assertThat(RenameGeometry.phase(State.EXPANDED, ROLLBACK)).contains(Phase.EXPAND);
    assertThat(RenameGeometry.phase(State.SWAPPED, ROLLBACK)).contains(Phase.SWAP);
    assertThat(RenameGeometry.phase(State.CONTRACTED, ROLLBACK)).contains(Phase.CONTRACT);
  }

  @Test
  void theTransitionStartsAtExpandOrTheContractRollbackAndEndsAtContractOrTheExpandRollback() {
    for (State s : State.values()) {
      for (Direction d : Direction.values()) {
        boolean enters =
            (s == State.PLANNED && d == FORWARD) || (s == State.CONTRACTED && d == ROLLBACK);
        boolean leaves =
            (s == State.SWAPPED && d == FORWARD) || (s == State.EXPANDED && d == ROLLBACK);
        boolean swap =
            (s == State.EXPANDED && d == FORWARD) || (s == State.SWAPPED && d == ROLLBACK);
        assertThat(RenameGeometry.entersTransition(s, d))
            .as("%s %s enters", s, d)
            .isEqualTo(enters);
        assertThat(RenameGeometry.leavesTransition(s, d))
            .as("%s %s leaves", s, d)
            .isEqualTo(leaves);
        assertThat(RenameGeometry.renames(s, d)).as("%s %s renames", s, d).isEqualTo(swap);
      }
    }
  }

  @Test
  void aRenamedTableGetsItsViewsCreatedAndDroppedByTheRunsOnEitherSideOfThem() {
    RenameGeometry g = renamed(true);
    // expand creates the view with the new names, its rollback drops it
    assertThat(g.created(State.PLANNED, FORWARD)).contains(TRANSITIONAL);
    assertThat(g.dropped(State.PLANNED, FORWARD)).isEmpty();
    assertThat(g.created(State.EXPANDED, ROLLBACK)).isEmpty();
    assertThat(g.dropped(State.EXPANDED, ROLLBACK)).contains(TRANSITIONAL);
    // the swap trades it for the compat view, its rollback trades back
    assertThat(g.dropped(State.EXPANDED, FORWARD)).contains(TRANSITIONAL);
    assertThat(g.created(State.EXPANDED, FORWARD)).contains(COMPAT);
    assertThat(g.dropped(State.SWAPPED, ROLLBACK)).contains(COMPAT);
    assertThat(g.created(State.SWAPPED, ROLLBACK)).contains(TRANSITIONAL);
    // contract drops the compat view, its rollback puts it back
    assertThat(g.dropped(State.SWAPPED, FORWARD)).contains(COMPAT);
    assertThat(g.created(State.SWAPPED, FORWARD)).isEmpty();
    assertThat(g.created(State.CONTRACTED, ROLLBACK)).contains(COMPAT);
    assertThat(g.dropped(State.CONTRACTED, ROLLBACK)).isEmpty();
    // no run starts from planned backwards or from contracted forwards
    for (State s : new State[] {State.PLANNED, State.CONTRACTED}) {
      Direction none = s == State.PLANNED ? ROLLBACK : FORWARD;
      assertThat(g.created(s, none)).isEmpty();
      assertThat(g.dropped(s, none)).isEmpty();
    }
    for (State s : State.values()) {
      for (Direction d : Direction.values()) {
        assertThat(g.createsTransitionSchema(s, d)).as("%s %s", s, d).isFalse();
        assertThat(g.dropped(s, d).map(View::name).stream().toList())
            .as("a run drops the views of the state it leaves: %s %s", s, d)
            .isEqualTo(RenameGeometry.phase(s, d).isPresent() ? g.viewsIn(s) : List.of());
      }
    }
  }

  @Test
  void withoutACompatViewTheSwapAndContractCreateAndDropNothing() {
    RenameGeometry g = renamed(false);
    assertThat(g.created(State.EXPANDED, FORWARD)).isEmpty();
    assertThat(g.dropped(State.EXPANDED, FORWARD)).contains(TRANSITIONAL);
    assertThat(g.dropped(State.SWAPPED, FORWARD)).isEmpty();
    assertThat(g.created(State.CONTRACTED, ROLLBACK)).isEmpty();
    assertThat(g.dropped(State.SWAPPED, ROLLBACK)).isEmpty();
    assertThat(g.created(State.SWAPPED, ROLLBACK)).contains(TRANSITIONAL);
  }

  @Test
  void aColumnOnlyRenameHasOnlyTheTransitionalViewAndItsSchema() {
    RenameGeometry g = columnsOnly();
    View view = new View(ViewKind.TRANSITIONAL, new QualifiedName("public_next", "customer"));
    assertThat(g.created(State.PLANNED, FORWARD)).contains(view);
    assertThat(g.created(State.SWAPPED, ROLLBACK)).contains(view);
    assertThat(g.dropped(State.EXPANDED, FORWARD)).contains(view);
    assertThat(g.dropped(State.EXPANDED, ROLLBACK)).contains(view);
    assertThat(g.created(State.EXPANDED, FORWARD)).isEmpty();
    assertThat(g.created(State.CONTRACTED, ROLLBACK)).isEmpty();
    assertThat(g.dropped(State.SWAPPED, FORWARD)).isEmpty();
    for (State s : State.values()) {
      for (Direction d : Direction.values()) {
        assertThat(g.createsTransitionSchema(s, d))
            .as("%s %s", s, d)
            .isEqualTo(RenameGeometry.entersTransition(s, d));
      }
    }
  }

  @Test
  void theOldColumnNamesAreLiveUntilTheSwap() {
    RenameGeometry g = renamed(true);
    ColumnRename email = g.columns().get(0);
    for (State s : State.values()) {
      boolean old = s == State.PLANNED || s == State.EXPANDED;
      assertThat(RenameGeometry.oldNamesLive(s)).as("%s", s).isEqualTo(old);
      String live = old ? "email" : "email_addr";
      assertThat(g.liveColumn(email, s)).as("%s", s).isEqualTo(live);
      assertThat(g.oldColumn(live, s)).as("%s", s).isEqualTo("email");
      assertThat(g.newColumn(live, s)).as("%s", s).isEqualTo("email_addr");
      assertThat(g.oldColumn("id", s)).as("an unrenamed column keeps its name").isEqualTo("id");
      assertThat(g.newColumn("id", s)).as("an unrenamed column keeps its name").isEqualTo("id");
      assertThat(g.liveTable(s)).isEqualTo(old ? CUSTOMER : CLIENT);
    }
  }
}
