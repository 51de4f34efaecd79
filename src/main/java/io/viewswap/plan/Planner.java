package io.viewswap.plan;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.api.State;
import io.viewswap.api.Step;
import io.viewswap.api.StepKind;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.SchemaInfo;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.render.ScriptText;
import io.viewswap.render.Sql;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecSql;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns (spec, snapshot, state) into a {@link Plan}. Pure: no connection, and the same input always
 * gives the same text, which the golden tests pin.
 */
public final class Planner {
  private final Sql sql = new Sql();
  private final ViewSteps viewSteps = new ViewSteps();

  /**
   * Plans every phase and rollback.
   *
   * @param state where the spec stands; it says under which names the tables are found in the
   *     snapshot
   * @throws IllegalStateException when a table is not where the state says (checks report this
   *     first)
   */
  public Plan plan(Spec spec, CatalogSnapshot snapshot, State state) {
    List<TableModel> tables = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      tables.add(
          TableModel.locate(spec, r, snapshot, state)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "table " + r.table() + " not found in state " + state)));
    }
    PlanContext ctx = new PlanContext(spec, snapshot, tables, state);
    List<PhasePlan> phases = new ArrayList<>();
    for (Phase p : Phase.values()) {
      for (Direction d : Direction.values()) {
        phases.add(new PhasePlan(p, d, ctx.steps(p, d), ctx.relations(d.from(p))));
      }
    }
    return new Plan(spec.id(), spec.checksum(), snapshot.serverMajor(), phases);
  }

  private final class PlanContext {
    private final Spec spec;
    private final CatalogSnapshot snapshot;
    private final List<TableModel> tables;
    private final State state;

    PlanContext(Spec spec, CatalogSnapshot snapshot, List<TableModel> tables, State state) {
      this.spec = spec;
      this.snapshot = snapshot;
      this.tables = tables;
      this.state = state;
    }

    /** The relations that exist in a state and that a run leaving it locks. */
    List<QualifiedName> relations(State from) {
      List<QualifiedName> out = new ArrayList<>();
      for (TableModel t : tables) {
        out.add(t.liveTable(from));
        out.addAll(t.viewsIn(from));
      }
      return out;
    }

    List<Step> steps(Phase phase, Direction direction) {
      List<Step> steps = new ArrayList<>();
      State from = direction.from(phase);
      steps.add(
          guard(
              "guard:state",
              "refuse unless spec "
                  + spec.id()
                  + " is "
                  + from.label()
                  + " (and unchanged since earlier phases)",
              sql.callState("begin_phase", spec.id(), spec.checksum(), from.label())));
      for (TableModel t : tables) {
        steps.add(
            guard(
                "guard:columns:" + t.liveTable(from),
                "refuse unless "
                    + t.liveTable(from)
                    + " still has the columns this plan was made for",
                sql.expectColumns(t.liveTable(from), t.liveColumnNames(from))));
      }
      int guards = steps.size();
      // What the run does to each table and its views is the geometry's answer; the order is
      // what keeps it safe: views are dropped before their table is locked for the renames
      // (locking the table first deadlocks with clients reading through the view), and created
      // once the table has the names they read.
      boolean forward = direction == Direction.FORWARD;
      boolean leaves = RenameGeometry.leavesTransition(from, direction);
      boolean enters = RenameGeometry.entersTransition(from, direction);
      if (leaves) {
        releaseRoleRestore().ifPresent(steps::add);
      }
      if (RenameGeometry.renames(from, direction)) {
        // A restore loses ALTER ROLE ... IN DATABASE: the swap puts the release role's setting
        // back (in both directions) before anything it reads moves.
        releaseRoleReapply().ifPresent(steps::add);
      }
      tables.forEach(
          t -> t.geometry().dropped(from, direction).ifPresent(v -> steps.add(dropView(v))));
      if (leaves) {
        transitionSchemas().keySet().forEach(ts -> steps.add(dropSchema(ts)));
      }
      if (RenameGeometry.renames(from, direction)) {
        if (forward) {
          tables.forEach(t -> steps.addAll(renames(t, true)));
          tables.forEach(t -> steps.addAll(dependentRenames(t, true)));
        } else {
          tables.forEach(t -> steps.addAll(dependentRenames(t, false)));
          tables.forEach(t -> steps.addAll(renames(t, false)));
        }
      }
      if (enters) {
        transitionSchemas().forEach((ts, users) -> steps.addAll(ensureSchema(ts, users)));
      }
      tables.forEach(
          t ->
              t.geometry()
                  .created(from, direction)
                  .ifPresent(v -> steps.addAll(viewSteps.of(t, v, snapshot))));
      if (enters) {
        releaseRoleSet().ifPresent(steps::add);
      }
      // The spec's own SQL: last in the phase (the phase's own changes are in place), first in its
      // rollback (undone while they still are), entries in reverse.
      List<SpecSql> own = spec.sql(phase.label());
      if (direction == Direction.FORWARD) {
        own.forEach(x -> steps.add(specSql(x, true)));
      } else {
        List<Step> inverses = new ArrayList<>();
        own.forEach(x -> inverses.add(0, specSql(x, false)));
        steps.addAll(guards, inverses);
      }
      return steps;
    }

    private Step specSql(SpecSql x, boolean forward) {
      String id = "spec-sql:" + x.label();
      String inverseId = "spec-sql-inverse:" + x.label();
      String statement = forward ? x.forward() : x.inverse();
      return change(
          forward ? id : inverseId,
          (forward ? "the spec's own SQL " : "undo the spec's own SQL ")
              + x.label()
              + ": "
              + summary(statement),
          sql.specStatement(statement),
          forward ? inverseId : id);
    }

    /**
     * options.release_role: the new release's login role finds the transition schemas first, set by
     * the server at login (works behind any connection pooler). The state function remembers the
     * role's previous setting.
     */
    private java.util.Optional<Step> releaseRoleSet() {
      return spec.options()
          .releaseRole()
          .map(
              role ->
                  change(
                      "set-release-search-path:" + role,
                      "new sessions of "
                          + role
                          + " get search_path "
                          + String.join(", ", spec.releaseSearchPath())
                          + " in this database (its previous setting is remembered)",
                      sql.callState(
                          "set_release_search_path", spec.id(), role, spec.releaseSearchPath()),
                      "restore-release-search-path:" + role));
    }

    /**
     * options.release_role, in swap and its rollback: the setting expand made is in force, but a
     * restore from a pg_dump without --create loses it (ALTER ROLE ... IN DATABASE is not in such a
     * dump); the state function puts it back when the role has none here, and leaves a setting
     * someone changed alone.
     */
    private java.util.Optional<Step> releaseRoleReapply() {
      return spec.options()
          .releaseRole()
          .map(
              role ->
                  change(
                      "reapply-release-search-path:" + role,
                      "new sessions of "
                          + role
                          + " get back the search_path expand set, if a restore lost it",
                      sql.callState("reapply_release_search_path", spec.id(), role),
                      "reapply-release-search-path:" + role));
    }

    private java.util.Optional<Step> releaseRoleRestore() {
      return spec.options()
          .releaseRole()
          .map(
              role ->
                  change(
                      "restore-release-search-path:" + role,
                      "new sessions of " + role + " get back the search_path it had before expand",
                      sql.callState("restore_release_search_path", spec.id(), role),
                      "set-release-search-path:" + role));
    }

    /** Transition schema to the tables whose views live in it, in a stable order. */
    private Map<String, List<TableModel>> transitionSchemas() {
      Map<String, List<TableModel>> out = new TreeMap<>();
      for (TableModel t : tables) {
        t.transitionSchema()
            .ifPresent(ts -> out.computeIfAbsent(ts, k -> new ArrayList<>()).add(t));
      }
      return out;
    }

    private List<Step> ensureSchema(String schema, List<TableModel> users) {
      List<Step> steps = new ArrayList<>();
      if (snapshot.schema(schema).isEmpty()) {
        String owner = users.get(0).owner();
        steps.add(
            change(
                "create-schema:" + schema,
                "create the transition schema, owned by the table owner",
                sql.createSchema(schema, owner),
                "drop-schema:" + schema));
        steps.add(
            change(
                "comment-schema:" + schema,
                "mark the schema as viewswap's, so only it is ever dropped by viewswap",
                sql.commentOnSchema(schema, SchemaInfo.MARK + " of spec " + spec.id()),
                "drop-schema:" + schema));
        steps.add(
            change(
                "record-schema:" + schema,
                "record it by oid as viewswap's (only such schemas are shared, granted on or dropped); reset its access",
                sql.callState("record_schema", schema, spec.id()),
                "drop-schema:" + schema));
      }
      TreeSet<String> grantees = new TreeSet<>();
      users.forEach(t -> grantees.addAll(t.grantees()));
      for (String g : grantees) {
        steps.add(
            change(
                "grant-usage:" + schema + ":" + g,
                "let " + g + " reach views in the transition schema",
                sql.grantUsageOnSchema(schema, g),
                "drop-schema:" + schema));
      }
      return steps;
    }

    private Step dropSchema(String schema) {
      return change(
          "drop-schema:" + schema,
          "drop the transition schema if viewswap recorded it as its own and it is empty",
          sql.callState("drop_schema_if_empty", schema),
          "create-schema:" + schema);
    }

    private Step dropView(RenameGeometry.View view) {
      return change(
          "drop-view:" + view.name(),
          "drop " + view.kind().label() + " " + view.name(),
          sql.dropView(view.name()),
          "create-view:" + view.name());
    }

    /**
     * Forward: columns, then the table. Back: the table first, so that the columns are renamed back
     * under the table's old name, as they were.
     */
    private List<Step> renames(TableModel t, boolean forward) {
      List<Step> steps = new ArrayList<>();
      if (!forward && t.rename().renamesTable()) {
        steps.add(renameTable(t.newTable(), t.oldTable()));
      }
      for (var c : t.rename().columns()) {
        String from = forward ? c.from() : c.to();
        String to = forward ? c.to() : c.from();
        steps.add(
            change(
                "rename-column:" + t.oldTable() + "." + from,
                "rename column " + from + " to " + to,
                sql.renameColumn(t.oldTable(), from, to),
                "rename-column:" + t.oldTable() + "." + to));
      }
      if (forward && t.rename().renamesTable()) {
        steps.add(renameTable(t.oldTable(), t.newTable()));
      }
      return steps;
    }

    /**
     * options.rename_dependents: indexes, constraints, owned sequences, triggers and policies named
     * after the old names. Forward they run after the table's renames (so the table has its new
     * name); back, before them.
     */
    private List<Step> dependentRenames(TableModel t, boolean forward) {
      List<Step> steps = new ArrayList<>();
      if (!spec.options().renameDependents()) {
        return steps;
      }
      QualifiedName table = t.newTable();
      for (DependentNames.Rename d :
          DependentNames.of(
              t.rename(), t.liveTable(state), snapshot, !RenameGeometry.oldNamesLive(state))) {
        if (!d.planned()) {
          continue; // check reports it; the object keeps its name
        }
        String from = forward ? d.dependent().name() : d.newName();
        String to = forward ? d.newName() : d.dependent().name();
        String kind = d.dependent().kind().name().toLowerCase(Locale.ROOT);
        String scope =
            switch (d.dependent().kind()) {
              case INDEX, SEQUENCE -> d.dependent().schema();
              default -> table.toString();
            };
        String rendered =
            switch (d.dependent().kind()) {
              case INDEX -> sql.renameIndex(new QualifiedName(d.dependent().schema(), from), to);
              case SEQUENCE ->
                  sql.renameSequence(new QualifiedName(d.dependent().schema(), from), to);
              case CONSTRAINT -> sql.renameConstraint(table, from, to);
              case TRIGGER -> sql.renameTrigger(table, from, to);
              case POLICY -> sql.renamePolicy(table, from, to);
            };
        steps.add(
            change(
                "rename-" + kind + ":" + scope + "." + from,
                "rename " + kind + " " + from + " to " + to + " (named after the old names)",
                rendered,
                "rename-" + kind + ":" + scope + "." + to));
      }
      return steps;
    }

    private Step renameTable(QualifiedName from, QualifiedName to) {
      return change(
          "rename-table:" + from,
          "rename table " + from + " to " + to.name(),
          sql.renameTable(from, to.name()),
          "rename-table:" + to);
    }
  }

  /** The start of a statement on one line, for a step's description. */
  private static String summary(String statement) {
    String one = statement.strip().replaceAll("\\s+", " ");
    return one.length() <= 80 ? one : one.substring(0, 77) + "...";
  }

  /** A step that checks or records and changes no schema object; it names no inverse. */
  static Step guard(String id, String description, String sql) {
    return step(StepKind.GUARD, id, description, sql, "");
  }

  /** A step that changes the schema, and the id of the opposite step that undoes it. */
  static Step change(String id, String description, String sql, String inverse) {
    return step(StepKind.CHANGE, id, description, sql, inverse);
  }

  /**
   * Every step is made here: ids and descriptions name catalog objects that less-privileged roles
   * may have named, so they are made printable once ({@link ScriptText#printable}) before any
   * script, log or terminal shows them.
   */
  private static Step step(
      StepKind kind, String id, String description, String sql, String inverse) {
    return new Step(
        ScriptText.printable(id),
        kind,
        ScriptText.printable(description),
        sql,
        ScriptText.printable(inverse));
  }
}
