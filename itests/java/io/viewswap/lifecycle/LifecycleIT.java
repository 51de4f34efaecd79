package io.viewswap.lifecycle;

import static io.viewswap.lifecycle.Catalog.quote;
import static io.viewswap.lifecycle.Catalog.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.ViewSwap;
import io.viewswap.api.Direction;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.SpecStatus;
import io.viewswap.api.State;
import io.viewswap.api.ViewSwapException;
import io.viewswap.lifecycle.RenamedTable.Column;
import io.viewswap.lifecycle.RowAccess.Names;
import io.viewswap.spec.Spec;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each example spec walks expand, rollback, expand, swap, rollback, swap, contract, rollback,
 * contract through the public API. After every step: the catalog (tables, views, their columns,
 * owner, grants and comments), the state rows, and what the unprivileged application role can read
 * and write under the old and the new names are what the design's lifecycle table promises for that
 * state. Before every step, phases out of order and a dry run must change nothing; after it,
 * running the step again must report that it is already done.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class LifecycleIT {

  /** One step of the walk: a phase, forward or back. */
  record Move(Phase phase, Direction direction) {
    State from() {
      return direction.from(phase);
    }

    State to() {
      return direction.to(phase);
    }

    PhaseResult run(ViewSwap vs, Spec spec, boolean dryRun) {
      return direction == Direction.FORWARD
          ? vs.apply(spec, phase, dryRun)
          : vs.rollback(spec, phase, dryRun);
    }

    @Override
    public String toString() {
      return (direction == Direction.FORWARD ? "apply " : "rollback ") + phase.label();
    }
  }

  private static final List<Move> WALK =
      List.of(
          new Move(Phase.EXPAND, Direction.FORWARD),
          new Move(Phase.EXPAND, Direction.ROLLBACK),
          new Move(Phase.EXPAND, Direction.FORWARD),
          new Move(Phase.SWAP, Direction.FORWARD),
          new Move(Phase.SWAP, Direction.ROLLBACK),
          new Move(Phase.SWAP, Direction.FORWARD),
          new Move(Phase.CONTRACT, Direction.FORWARD),
          new Move(Phase.CONTRACT, Direction.ROLLBACK),
          new Move(Phase.CONTRACT, Direction.FORWARD));

  /** Roles whose access through a view must equal their access to the table. */
  private static final List<String> ROLES = List.of(Example.APP_ROLE, "public");

  private static final String UNDEFINED_TABLE = "42P01";
  private static final String UNDEFINED_COLUMN = "42703";

  /**
   * The examples, plus the quoted schema with only its columns renamed: the examples never put a
   * name that needs quoting into a transition schema (here the default one, {@code "Sales
   * Data_next"}) or a search_path.
   */
  static Stream<Example> examples() throws Exception {
    List<Example> all = new ArrayList<>();
    for (String name :
        List.of("customer-to-client", "columns-only", "table-only", "multi-table", "quoted")) {
      all.add(Example.load(name));
    }
    all.add(
        Example.inline(
            "quoted-columns-only",
            String.join(
                "\n",
                "id: quoted-columns-only",
                "renames:",
                "  - table: '\"Sales Data\".\"Customer Accounts\"'",
                "    columns:",
                "      Full Name: Display \"Name\"",
                "      eMail: E-Mail",
                ""),
            "quoted"));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyStepKeepsTheLifecyclePromises(Example example, TestDatabase db) throws Exception {
    String name = example.name();
    example.install(db);
    Spec spec = example.spec();
    Connection su = db.connect();
    Catalog catalog = new Catalog(su);
    List<RenamedTable> tables = RenamedTable.of(spec, su);
    RowAccess app = new RowAccess(db.connectAs(Example.APP_ROLE, Example.APP_PASSWORD));
    ViewSwap vs = Example.viewSwap(db);

    List<Move> done = new ArrayList<>();
    State state = State.PLANNED;
    assertState(vs, spec, catalog, state, done);
    for (Move move : WALK) {
      String step = name + ", " + move;
      assertThat(move.from()).as("the walk is in order").isEqualTo(state);
      // The dry run first: the very first one meets a database viewswap has never touched.
      assertDryRunChangesNothing(vs, spec, catalog, move, done);
      assertOutOfOrderRunsChangeNothing(vs, spec, catalog, state, done);

      PhaseResult result = move.run(vs, spec, false);
      assertThat(result.previousState()).as("%s: started from", step).isEqualTo(move.from());
      assertThat(result.state()).as("%s: ended in", step).isEqualTo(move.to());
      assertThat(result.alreadyDone()).as("%s: ran", step).isFalse();
      assertThat(result.dryRun()).as("%s: not a dry run", step).isFalse();
      assertThat(result.attempts())
          .as("%s: nothing holds the tables, so one attempt", step)
          .isEqualTo(1);
      assertThat(result.statements()).as("%s: reports its statements", step).isNotEmpty();
      done.add(move);
      state = move.to();

      assertState(vs, spec, catalog, state, done);
      assertCatalog(catalog, tables, state, step);
      assertAccess(app, tables, state, step);

      String before = catalog.fingerprint();
      PhaseResult again = move.run(vs, spec, false);
      assertThat(again.alreadyDone()).as("%s again: already done", step).isTrue();
      assertThat(again.state()).as("%s again: state unchanged", step).isEqualTo(state);
      assertThat(catalog.fingerprint()).as("%s again: catalog unchanged", step).isEqualTo(before);
      assertState(vs, spec, catalog, state, done);
    }
  }

  /**
   * Every phase and direction that neither starts nor ends in {@code state} changes nothing: one
   * the spec is already past (expand once swapped, swap rollback once planned) is already done, the
   * others are refused.
   */
  private static void assertOutOfOrderRunsChangeNothing(
      ViewSwap vs, Spec spec, Catalog catalog, State state, List<Move> done) throws SQLException {
    String before = catalog.fingerprint();
    for (Phase phase : Phase.values()) {
      for (Direction direction : Direction.values()) {
        Move wrong = new Move(phase, direction);
        if (wrong.from() == state || wrong.to() == state) {
          continue;
        }
        if (direction.past(state, direction.to(phase))) {
          assertThat(wrong.run(vs, spec, false).alreadyDone())
              .as("%s while %s: already done", wrong, state.label())
              .isTrue();
          continue;
        }
        assertThatThrownBy(() -> wrong.run(vs, spec, false))
            .as("%s while %s", wrong, state.label())
            .isInstanceOfSatisfying(
                ViewSwapException.class,
                e ->
                    assertThat(e.code())
                        .as("%s while %s: %s", wrong, state.label(), e.getMessage())
                        .isEqualTo(ErrorCode.STATE_CONFLICT));
      }
    }
    assertThat(catalog.fingerprint())
        .as("refused runs while %s change no schema object", state.label())
        .isEqualTo(before);
    assertState(vs, spec, catalog, state, done);
  }

  private static void assertDryRunChangesNothing(
      ViewSwap vs, Spec spec, Catalog catalog, Move move, List<Move> done) throws SQLException {
    String before = catalog.fingerprint();
    PhaseResult dry = move.run(vs, spec, true);
    assertThat(dry.dryRun()).as("%s --dry-run: reported as a dry run", move).isTrue();
    assertThat(dry.alreadyDone()).as("%s --dry-run: not already done", move).isFalse();
    assertThat(dry.state()).as("%s --dry-run: state unchanged", move).isEqualTo(move.from());
    assertThat(dry.statements()).as("%s --dry-run: says what would run", move).isNotEmpty();
    assertThat(catalog.fingerprint()).as("%s --dry-run: catalog unchanged", move).isEqualTo(before);
    if (done.isEmpty()) {
      assertThat(catalog.schemaExists("viewswap"))
          .as("a dry run installs no state schema")
          .isFalse();
    }
    assertState(vs, spec, catalog, move.from(), done);
  }

  /**
   * The spec's state, as status reports it and as viewswap.phase_run records it: one row per step
   * done.
   */
  private static void assertState(
      ViewSwap vs, Spec spec, Catalog catalog, State state, List<Move> done) throws SQLException {
    List<SpecStatus> status = vs.status(Optional.of(spec));
    assertThat(status).as("status of one spec").hasSize(1);
    assertThat(status.get(0).state()).as("status state").isEqualTo(state);
    assertThat(status.get(0).specChanged()).as("status: spec unchanged").isFalse();
    List<String> expected =
        done.stream()
            .map(
                m ->
                    String.join(
                        " ",
                        m.phase().label(),
                        m.direction().label(),
                        m.from().label(),
                        m.to().label()))
            .toList();
    assertThat(
            status.get(0).history().stream()
                .map(r -> String.join(" ", r.phase(), r.direction(), r.fromState(), r.toState()))
                .toList())
        .as("status history")
        .containsExactlyElementsOf(expected);
    if (catalog.strings("SELECT to_regclass('viewswap.phase_run')::text").contains(null)) {
      // The state schema is installed by the first run that gets past the connection, refused or
      // not.
      assertThat(done).as("no state schema, so no phase ran").isEmpty();
      return;
    }
    assertThat(
            catalog.strings(
                "SELECT concat_ws(' ', phase, direction, from_state, to_state)"
                    + " FROM viewswap.phase_run WHERE spec_id = ? ORDER BY run_id",
                spec.id()))
        .as("rows of viewswap.phase_run")
        .containsExactlyElementsOf(expected);
    assertThat(
            catalog.strings("SELECT state FROM viewswap.spec_state WHERE spec_id = ?", spec.id()))
        .as("viewswap.spec_state (no row until a phase ran)")
        .containsExactlyElementsOf(done.isEmpty() ? List.of() : List.of(state.label()));
  }

  /** Which relations exist, under which names, with which columns; views mirror the table. */
  private static void assertCatalog(
      Catalog catalog, List<RenamedTable> tables, State state, String step) throws SQLException {
    for (RenamedTable t : tables) {
      String what = step + ": " + t;
      assertThat(catalog.relkind(t.liveTable(state)))
          .as("%s: table under %s", what, t.liveTable(state))
          .contains("r");
      assertThat(catalog.columns(t.liveTable(state)))
          .as("%s: columns of the table", what)
          .containsExactlyElementsOf(t.liveColumnNames(state));
      for (RenamedTable.View v : t.views(state)) {
        catalog.assertViewMirrorsTable(v.name(), t.liveTable(state), v.columns(), ROLES);
      }
      for (var gone : t.absentViews(state)) {
        assertThat(catalog.relkind(gone)).as("%s: no relation %s", what, gone).isEmpty();
      }
      if (t.transitionSchema().isPresent()) {
        String ts = t.transitionSchema().get();
        boolean exists = state == State.EXPANDED || state == State.SWAPPED;
        assertThat(catalog.schemaExists(ts))
            .as("%s: transition schema %s exists", what, ts)
            .isEqualTo(exists);
        if (state == State.SWAPPED) {
          assertThat(catalog.relationsIn(ts))
              .as("%s: transition schema %s is empty after the swap", what, ts)
              .isEmpty();
        }
      }
    }
  }

  /** The lifecycle table's "what each app version sees", as the unprivileged role. */
  private static void assertAccess(
      RowAccess app, List<RenamedTable> tables, State state, String step) throws SQLException {
    for (RenamedTable t : tables) {
      String what = step + ": " + t;
      Names oldNames = new Names("old names", Optional.empty(), sql(t.oldTable()), Column::oldName);
      Names newNames = new Names("new names", Optional.empty(), sql(t.newTable()), Column::newName);
      // New code of a column-only rename puts the transition schema first and names the table bare.
      Optional<Names> newViaPath =
          t.transitionSchema()
              .map(
                  ts ->
                      new Names(
                          "new names via search_path",
                          Optional.of(quote(ts) + ", " + quote(t.oldTable().schema())),
                          quote(t.oldTable().name()),
                          Column::newName));
      switch (state) {
        case PLANNED -> {
          app.assertReadWrite(t, oldNames);
          assertNewNamesMissing(app, t, what);
        }
        case EXPANDED -> {
          app.assertReadWrite(t, oldNames);
          app.assertReadWrite(t, newViaPath.orElse(newNames));
        }
        case SWAPPED, CONTRACTED -> {
          app.assertReadWrite(t, newNames);
          if (newViaPath.isPresent()) {
            // After the swap the name resolves to the table; a missing schema on the path is
            // harmless.
            app.assertReadWrite(t, newViaPath.get());
          }
          if (state == State.SWAPPED && t.compatView()) {
            app.assertReadWrite(
                t,
                new Names(
                    "old names via the compat view",
                    Optional.empty(),
                    sql(t.oldTable()),
                    Column::oldName));
          } else if (t.rename().renamesTable()) {
            app.assertFails(
                what, Optional.empty(), "SELECT * FROM " + sql(t.oldTable()), UNDEFINED_TABLE);
          }
          for (Column c : t.renamedColumns()) {
            app.assertFails(
                what,
                Optional.empty(),
                "SELECT " + quote(c.oldName()) + " FROM " + sql(t.newTable()),
                UNDEFINED_COLUMN);
          }
        }
      }
    }
  }

  private static void assertNewNamesMissing(RowAccess app, RenamedTable t, String what)
      throws SQLException {
    if (t.rename().renamesTable()) {
      app.assertFails(
          what, Optional.empty(), "SELECT * FROM " + sql(t.newTable()), UNDEFINED_TABLE);
    } else {
      for (Column c : t.renamedColumns()) {
        app.assertFails(
            what,
            Optional.empty(),
            "SELECT " + quote(c.newName()) + " FROM " + sql(t.oldTable()),
            UNDEFINED_COLUMN);
      }
    }
  }
}
