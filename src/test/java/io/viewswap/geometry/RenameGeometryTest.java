package io.viewswap.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.State;
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
    RenameGeometry g = new RenameGeometry(customer, client, Optional.empty(), false);
    assertThat(g.compatView()).isEmpty();
    assertThat(g.viewsIn(State.SWAPPED)).isEmpty();
  }
}
