package io.viewswap.check;

import io.viewswap.api.CheckReport;
import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Phase;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogReader;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.ColumnInfo;
import io.viewswap.catalog.Dependent;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.Grant;
import io.viewswap.catalog.RelationInfo;
import io.viewswap.catalog.SchemaInfo;
import io.viewswap.catalog.StatementStat;
import io.viewswap.catalog.TableInfo;
import io.viewswap.catalog.ViewInfo;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.spec.Acceptance;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Position;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecSql;
import io.viewswap.spec.TableRename;
import io.viewswap.text.EditDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Runs every check that applies to a spec in a state, before a run in a direction. */
public final class Checker {

  /**
   * The blockers a spec may accept by name: each is about an object another role may own (a
   * function, a trigger, a pg_cron job, a pg_partman row) whose owner alone could clear it, and
   * none keeps the phase itself from running: what breaks is that object, afterwards. Blockers
   * about access, trust, ownership or what would make the phase fail are never accepted.
   */
  public static final java.util.Set<FindingCode> ACCEPTABLE =
      java.util.Collections.unmodifiableSet(
          java.util.EnumSet.of(
              FindingCode.FUNCTION_BODY,
              FindingCode.TRIGGER_ARGUMENT,
              FindingCode.CRON_JOB,
              FindingCode.PARTMAN_CONFIG));

  /**
   * Written as a comment in a function body, says its author made it work under the old and the new
   * names: the text search that found the name cannot tell that, so the finding becomes a warning.
   */
  public static final String REVIEWED_MARK = "viewswap:reviewed";

  /**
   * @param state where the spec stands
   * @param direction what the run will do: forward runs get every check, rollbacks only those that
   *     keep the rollback itself from failing half-way (where the table is, who may alter it, what
   *     blocks a drop)
   */
  public CheckReport check(Spec spec, CatalogSnapshot snapshot, State state, Direction direction) {
    Run run = new Run(spec, snapshot);
    run.stateSchemaRights();
    for (TableRename r : spec.renames()) {
      run.table(r, state, direction);
      run.transitionSchema(r, state, direction);
    }
    if (direction == Direction.FORWARD && state == State.PLANNED) {
      run.warnings();
    }
    run.acceptances(state, direction);
    return new CheckReport(run.findings);
  }

  private static final class Run {
    private final Spec spec;
    private final CatalogSnapshot snap;
    private final List<Finding> findings = new ArrayList<>();

    Run(Spec spec, CatalogSnapshot snap) {
      this.spec = spec;
      this.snap = snap;
    }

    private void add(Severity s, FindingCode code, Position at, String message, String hint) {
      findings.add(new Finding(s, code, new Diagnostic(spec.file(), at, message, hint)));
    }

    void table(TableRename r, State state, Direction direction) {
      QualifiedName live = RenameGeometry.of(spec, r).liveTable(state);
      Optional<TableInfo> found = snap.table(live);
      if (found.isEmpty()) {
        missingTable(r, live, state);
        return;
      }
      TableInfo t = found.get();
      ownerCheck(r, t);
      if (state == State.PLANNED && direction == Direction.FORWARD) {
        plannedChecks(r, t);
      } else {
        driftChecks(r, t, state);
      }
      if (direction == Direction.FORWARD && state.tableHasOldNames()) {
        safetyChecks(r, t);
      }
      if (direction == Direction.FORWARD) {
        accessDrift(r, t, state);
      }
      viewDependents(r, state);
    }

    /**
     * Before swap and contract: the view that serves the other release (the transitional view when
     * expanded, the compat view when swapped) must still give exactly the table's access: the same
     * owner, the table's row-level security kept (security_invoker), and for every role the same
     * rights, table-wide and per column (matched by position). A grant revoked on the table after
     * expand, or row-level security turned on, would otherwise stay in force through the view;
     * PostgreSQL's REVOKE ... CASCADE never reaches the view's copies either.
     */
    private void accessDrift(TableRename r, TableInfo t, State state) {
      // The view that serves the other release in this state: the expand view, or the compat view.
      List<QualifiedName> views = RenameGeometry.of(spec, r).viewsIn(state);
      if (views.isEmpty()) {
        return;
      }
      QualifiedName viewName = views.get(0);
      Optional<ViewInfo> found = snap.view(viewName);
      if (found.isEmpty()) {
        return;
      }
      TableInfo v = found.get().relation();
      List<String> drift = new ArrayList<>();
      if (!v.owner().equals(t.owner())) {
        drift.add(
            "the view is owned by "
                + Identifiers.display(v.owner())
                + ", the table by "
                + Identifiers.display(t.owner()));
      }
      boolean invoker = found.get().securityInvoker();
      if (t.rowSecurity() && !invoker) {
        drift.add(
            "the table has row-level security but the view runs with its owner's rights, bypassing the policies");
      } else if (!t.rowSecurity() && invoker) {
        drift.add("the view is security_invoker but the table has no row-level security");
      }
      compareRights(drift, "", effective(t.grants(), t.owner()), effective(v.grants(), v.owner()));
      for (int i = 0; i < Math.min(t.columns().size(), v.columns().size()); i++) {
        ColumnInfo tc = t.columns().get(i);
        ColumnInfo vc = v.columns().get(i);
        compareRights(
            drift,
            " (column "
                + Identifiers.display(tc.name())
                + " / view column "
                + Identifiers.display(vc.name())
                + ")",
            effective(tc.grants(), t.owner()),
            effective(vc.grants(), v.owner()));
      }
      for (String d : drift) {
        add(
            Severity.BLOCKER,
            FindingCode.ACCESS_DRIFT,
            r.position(),
            "access through " + viewName + " no longer matches " + t.name() + ": " + d,
            "grant or revoke the same on the view as on the table (or the other way round), or roll back the last"
                + " phase and run it again, which mirrors the table's access afresh");
      }
    }

    /**
     * grantee/privilege to whether it is held with grant option, the owner's own rights left out.
     */
    private static java.util.Map<String, Boolean> effective(List<Grant> grants, String owner) {
      java.util.Map<String, Boolean> out = new java.util.TreeMap<>();
      for (Grant g : grants) {
        if (!g.grantee().equals(owner)) {
          out.merge(
              Identifiers.display(g.grantee()) + " " + g.privilege(),
              g.grantable(),
              Boolean::logicalOr);
        }
      }
      return out;
    }

    private static void compareRights(
        List<String> drift,
        String where,
        java.util.Map<String, Boolean> table,
        java.util.Map<String, Boolean> view) {
      java.util.Set<String> keys = new TreeSet<>(table.keySet());
      keys.addAll(view.keySet());
      for (String k : keys) {
        Boolean onTable = table.get(k);
        Boolean onView = view.get(k);
        if (onTable == null) {
          drift.add(k.replaceFirst(" ", " holds ") + where + " on the view but not on the table");
        } else if (onView == null) {
          drift.add(
              k.replaceFirst(" ", " holds ") + where + " on the table but no longer on the view");
        } else if (!onTable.equals(onView)) {
          drift.add(
              k.replaceFirst(" ", " holds ")
                  + where
                  + (onView
                      ? " with grant option on the view only"
                      : " with grant option on the table only"));
        }
      }
    }

    /**
     * Every run installs or upgrades viewswap's state schema when it is missing or older: refuse up
     * front a role that could not, rather than fail half-way. Nothing needs creating in a current
     * one, so no CREATE is needed.
     */
    void stateSchemaRights() {
      CatalogSnapshot.Rights rights = snap.rights();
      if (!rights.stateSchemaExists() && !rights.createSchemas()) {
        add(
            Severity.BLOCKER,
            FindingCode.CANNOT_CREATE_STATE_SCHEMA,
            Position.UNKNOWN,
            "viewswap's state schema does not exist yet, and "
                + Identifiers.display(snap.currentUser())
                + " may not create schemas in this database (no CREATE on it)",
            "GRANT CREATE ON DATABASE to "
                + Identifiers.display(snap.currentUser())
                + ", or run the first phase as a role that has it");
      } else if (rights.stateSchemaExists()
          && !rights.stateSchemaCurrent()
          && !rights.mayUpgradeStateSchema()) {
        add(
            Severity.BLOCKER,
            FindingCode.CANNOT_UPGRADE_STATE_SCHEMA,
            Position.UNKNOWN,
            "viewswap's state schema holds an older version, and "
                + Identifiers.display(snap.currentUser())
                + " may not upgrade it (it needs CREATE on the schema and its owner's rights)",
            "run any phase once as the schema's owner, which upgrades it in place");
      }
      if (!rights.mayUsePlpgsql()) {
        add(
            Severity.BLOCKER,
            FindingCode.CANNOT_USE_PLPGSQL,
            Position.UNKNOWN,
            Identifiers.display(snap.currentUser())
                + " has no USAGE on the language plpgsql, and every phase checks viewswap's state schema"
                + " in a DO block written in it",
            "GRANT USAGE ON LANGUAGE plpgsql TO "
                + Identifiers.display(snap.currentUser())
                + ", or run the phases as a role that has it");
      }
    }

    /**
     * A transition schema viewswap is about to create, or to put views in and grant USAGE on: a
     * schema of that name that viewswap did not create (its state does not record it by oid), or
     * that someone untrusted owns or may create in, is refused: its owner could swap the view for a
     * table and capture the new release's writes, and USAGE granted on it would reach whatever else
     * it holds.
     */
    /**
     * A renamed table's views are created in its own schema (the transitional view by expand and
     * the swap rollback, the compat view by swap and the contract rollback): creating a view there,
     * and giving it to the table owner, needs CREATE on it unless a superuser runs.
     */
    private void tableSchemaRights(TableRename r, State state, Direction direction) {
      boolean compat = spec.options().compatView();
      boolean createsView =
          direction == Direction.FORWARD
              ? state == State.PLANNED || (state == State.EXPANDED && compat)
              : state == State.SWAPPED || (state == State.CONTRACTED && compat);
      if (createsView && !snap.superuser() && !snap.rights().mayCreateIn(r.table().schema())) {
        add(
            Severity.BLOCKER,
            FindingCode.CANNOT_CREATE_IN_SCHEMA,
            r.position(),
            Identifiers.display(snap.currentUser())
                + " may not create in schema "
                + Identifiers.display(r.table().schema())
                + ", where the views over "
                + r.table()
                + " are created",
            "GRANT CREATE ON SCHEMA "
                + Identifiers.display(r.table().schema())
                + " to the table owner's role");
      }
    }

    void transitionSchema(TableRename r, State state, Direction direction) {
      if (r.renamesTable()) {
        tableSchemaRights(r, state, direction);
        return;
      }
      boolean createsOrUses =
          (state == State.PLANNED && direction == Direction.FORWARD)
              || (state == State.CONTRACTED && direction == Direction.ROLLBACK);
      if (!createsOrUses) {
        return;
      }
      String ts = spec.transitionSchemaFor(r);
      sharedOwners(r, ts);
      Optional<SchemaInfo> found = snap.schema(ts);
      if (found.isEmpty()) {
        if (!snap.rights().createSchemas()) {
          add(
              Severity.BLOCKER,
              FindingCode.CANNOT_CREATE_TRANSITION_SCHEMA,
              r.position(),
              "the transition schema "
                  + Identifiers.display(ts)
                  + " must be created, and "
                  + Identifiers.display(snap.currentUser())
                  + " may not create schemas in this database",
              "GRANT CREATE ON DATABASE to "
                  + Identifiers.display(snap.currentUser())
                  + ", or run as a role that has it");
        }
        return;
      }
      SchemaInfo s = found.get();
      if (!s.recorded()) {
        add(
            Severity.BLOCKER,
            FindingCode.TRANSITION_SCHEMA_NOT_VIEWSWAPS,
            r.position(),
            "the transition schema "
                + Identifiers.display(ts)
                + " exists (owner "
                + Identifiers.display(s.owner())
                + ") but viewswap did not create it; it puts views only in schemas it created, and grants nothing on"
                + " others",
            "set another transition_schema in the spec; schema "
                + Identifiers.display(ts)
                + " and what it holds stay as they are");
      }
      for (String problem : s.untrusted()) {
        add(
            Severity.BLOCKER,
            FindingCode.TRANSITION_SCHEMA_UNTRUSTED,
            r.position(),
            "the transition schema " + Identifiers.display(ts) + " cannot be trusted: " + problem,
            "only the table owner, you and roles you inherit may own it or create in it: revoke the right, or set"
                + " another transition_schema");
      }
    }

    /**
     * The tables whose views share one transition schema must have one owner. The schema has one
     * owner, who may drop anything in it: of two table owners, the one owning the schema could swap
     * the other's view for a table of her own and capture the new release's writes; a schema owned
     * by the runner instead would leave each owner unable to manage her own view's schema. Reported
     * once per schema, at its first table.
     */
    private void sharedOwners(TableRename r, String ts) {
      java.util.Map<String, List<String>> byOwner = new java.util.TreeMap<>();
      TableRename first = null;
      for (TableRename other : spec.renames()) {
        if (other.renamesTable() || !spec.transitionSchemaFor(other).equals(ts)) {
          continue;
        }
        if (first == null) {
          first = other;
        }
        snap.table(other.table())
            .ifPresent(
                t ->
                    byOwner
                        .computeIfAbsent(Identifiers.display(t.owner()), k -> new ArrayList<>())
                        .add(t.name().toString()));
      }
      if (first != r || byOwner.size() < 2) {
        return;
      }
      List<String> parts = new ArrayList<>();
      byOwner.forEach(
          (owner, names) -> parts.add(String.join(", ", names) + " (owner " + owner + ")"));
      add(
          Severity.BLOCKER,
          FindingCode.TRANSITION_SCHEMA_OWNERS,
          r.position(),
          "the views of "
              + String.join("; ", parts)
              + " would share the transition schema "
              + Identifiers.display(ts)
              + ", but their tables have different owners: whichever owned the schema could drop the"
              + " others' views and put tables of her own in their place",
          "give the tables one owner (ALTER TABLE ... OWNER TO), or rename them in one spec per owner,"
              + " each with its own transition_schema");
    }

    private void missingTable(TableRename r, QualifiedName live, State state) {
      Optional<RelationInfo> other = snap.relation(live);
      if (other.isPresent()) {
        add(
            Severity.ERROR,
            FindingCode.NOT_A_TABLE,
            r.position(),
            live + " is a " + other.get().kindLabel() + ", not a table",
            "viewswap renames tables (plain or partitioned); name the table itself");
      } else if (state == State.PLANNED) {
        String hint =
            snap.schema(live.schema()).isEmpty()
                ? "schema " + Identifiers.display(live.schema()) + " does not exist either"
                : suggest(
                    live.name(),
                    snap.relations().values().stream()
                        .filter(
                            x ->
                                x.name().schema().equals(live.schema())
                                    && (x.kind() == 'r' || x.kind() == 'p'))
                        .map(x -> x.name().name())
                        .toList(),
                    "check the schema and the exact spelling (names are case-sensitive)");
        add(
            Severity.ERROR,
            FindingCode.MISSING_TABLE,
            r.position(),
            "table " + live + " does not exist",
            hint);
      } else {
        add(
            Severity.ERROR,
            FindingCode.TABLE_MOVED,
            r.position(),
            "spec is " + state.label() + " but table " + live + " is not there",
            "the database was changed by hand since the last phase; run `viewswap status` and restore the table");
      }
    }

    private void ownerCheck(TableRename r, TableInfo t) {
      if (!snap.superuser() && !snap.memberOf().contains(t.owner())) {
        add(
            Severity.BLOCKER,
            FindingCode.NOT_OWNER,
            r.position(),
            "connected as "
                + Identifiers.display(snap.currentUser())
                + ", but "
                + t.name()
                + " is owned by "
                + Identifiers.display(t.owner()),
            "only the owner can rename the table and own its views: connect as "
                + Identifiers.display(t.owner())
                + " or a member of it");
      }
    }

    private void plannedChecks(TableRename r, TableInfo t) {
      TreeSet<String> targets = new TreeSet<>();
      for (ColumnRename c : r.columns()) {
        Optional<ColumnInfo> col = t.column(c.from());
        if (col.isEmpty()) {
          add(
              Severity.ERROR,
              FindingCode.MISSING_COLUMN,
              c.position(),
              "column \"" + c.from() + "\" does not exist in " + t.name(),
              suggest(c.from(), t.columnNames(), "columns: " + String.join(", ", t.columnNames())));
        } else if (col.get().inherited()) {
          add(
              Severity.BLOCKER,
              FindingCode.INHERITED_COLUMN,
              c.position(),
              "column \"" + c.from() + "\" of " + t.name() + " is inherited from a parent table",
              "rename it on the parent, which renames it in every child");
        }
        if (t.column(c.to()).isPresent()) {
          add(
              Severity.ERROR,
              FindingCode.COLUMN_NAME_TAKEN,
              c.position(),
              "cannot rename \""
                  + c.from()
                  + "\" to \""
                  + c.to()
                  + "\": "
                  + t.name()
                  + " already has a column \""
                  + c.to()
                  + "\"",
              "pick another name, or rename the other column in a separate spec first");
        }
        targets.add(c.to());
      }
      if (r.renamesTable()) {
        snap.relation(r.renamedTable())
            .ifPresent(
                other ->
                    add(
                        Severity.ERROR,
                        FindingCode.TABLE_NAME_TAKEN,
                        r.newNamePosition().known() ? r.newNamePosition() : r.position(),
                        "cannot rename "
                            + t.name()
                            + " to \""
                            + r.newName().get()
                            + "\": a "
                            + other.kindLabel()
                            + " "
                            + other.name()
                            + " already exists",
                        ownViewFirst(other)
                            + "pick another name, or rename the existing "
                            + other.kindLabel()));
      } else {
        String ts = spec.transitionSchemaFor(r);
        if (Identifiers.byteLength(ts) > Identifiers.MAX_BYTES) {
          add(
              Severity.ERROR,
              FindingCode.NAME_TOO_LONG,
              r.position(),
              "transition schema name \""
                  + ts
                  + "\" is "
                  + Identifiers.byteLength(ts)
                  + " bytes; PostgreSQL "
                  + "identifiers are at most 63 bytes",
              "set a shorter transition_schema in the spec");
        }
        QualifiedName view = new QualifiedName(ts, r.table().name());
        snap.relation(view)
            .ifPresent(
                other ->
                    add(
                        Severity.ERROR,
                        FindingCode.VIEW_NAME_TAKEN,
                        r.position(),
                        "the transitional view "
                            + view
                            + " cannot be created: a "
                            + other.kindLabel()
                            + " of that name exists",
                        ownViewFirst(other)
                            + "set another transition_schema in the spec, or move the existing "
                            + other.kindLabel()
                            + " out of the way (ALTER ... RENAME or SET SCHEMA)"));
      }
    }

    /**
     * A view where this spec puts its own is most likely viewswap's, from an earlier phase: then
     * the spec is not planned, and dropping the view would break the release that uses it. Said
     * first, so nobody drops it on this finding alone.
     */
    private static String ownViewFirst(RelationInfo other) {
      return other.kind() == 'v'
          ? "if it is viewswap's own view from an earlier phase of this spec, the spec is further"
              + " along than planned: run `viewswap status` (a snapshot records the state since"
              + " this version; take it again) and do not drop it; otherwise "
          : "";
    }

    private void driftChecks(TableRename r, TableInfo t, State state) {
      for (ColumnRename c : r.columns()) {
        String expected = state.tableHasOldNames() ? c.from() : c.to();
        if (t.column(expected).isEmpty()) {
          add(
              Severity.ERROR,
              FindingCode.COLUMN_MOVED,
              c.position(),
              "spec is "
                  + state.label()
                  + " but "
                  + t.name()
                  + " has no column \""
                  + expected
                  + "\"",
              "the database was changed by hand since the last phase; run `viewswap status` and restore the column");
        }
      }
    }

    private void safetyChecks(TableRename r, TableInfo t) {
      if (t.partitionOrChild()) {
        add(
            Severity.BLOCKER,
            FindingCode.PARTITION_OR_CHILD,
            r.position(),
            t.name() + " is a partition or an inheritance child; its columns belong to its parent",
            "rename the parent table instead (partitioned parents are supported)");
      }
      if (t.rowSecurity() && !snap.supportsSecurityInvoker()) {
        add(
            Severity.BLOCKER,
            FindingCode.RLS_PG14,
            r.position(),
            t.name()
                + " has row-level security, and PostgreSQL "
                + snap.serverMajor()
                + " has no security_invoker views: a view would bypass its policies",
            "upgrade to PostgreSQL 15 or later, or disable row-level security on the table first");
      }
      if (t.rowSecurity()) {
        TreeSet<String> columnOnly = new TreeSet<>();
        t.columns().forEach(c -> c.grants().forEach(g -> columnOnly.add(g.grantee())));
        t.grants().stream()
            .filter(g -> g.privilege().equals("SELECT"))
            .forEach(g -> columnOnly.remove(g.grantee()));
        columnOnly.remove(t.owner());
        // A table-level SELECT to PUBLIC covers every role: an invoker view locks nobody out then.
        if (t.grants().stream().anyMatch(g -> g.toPublic() && g.privilege().equals("SELECT"))) {
          columnOnly.clear();
        }
        if (!columnOnly.isEmpty()) {
          add(
              Severity.BLOCKER,
              FindingCode.RLS_COLUMN_GRANTS,
              r.position(),
              t.name()
                  + " has row-level security and column-level grants to "
                  + String.join(", ", columnOnly)
                  + ": a security_invoker view would lock them out, an owner-rights view would bypass the policies",
              "grant those roles table-level SELECT, or let them keep using the table until the swap");
        }
      }
      if (!t.publications().isEmpty() && !spec.options().allowPublications()) {
        add(
            Severity.BLOCKER,
            FindingCode.PUBLICATION,
            r.position(),
            t.name()
                + " is published by "
                + String.join(", ", t.publications())
                + ": subscribers map columns by name, so renaming on the publisher breaks replication",
            "rename on the subscribers in step, then set options.allow_publications: true");
      }
      // Names kept as text: function bodies, trigger arguments, extension configuration, names of
      // the table's
      // own objects (each finder in its own class).
      findings.addAll(functionBodies(r));
      findings.addAll(new TriggerArguments(spec, snap).find(r));
      findings.addAll(new NamedObjects(spec, snap).find(r));
    }

    /**
     * Function bodies that name the old names. A function the spec's own swap SQL replaces ({@code
     * CREATE OR REPLACE FUNCTION} of its schema-qualified name with as many input arguments) is
     * handled: the swap gives it its new body in the same transaction as the renames, and the
     * swap's rollback the old one, so its findings become warnings that say so.
     */
    private List<Finding> functionBodies(TableRename r) {
      java.util.Map<FunctionSource, SpecSql> replaced = new java.util.LinkedHashMap<>();
      for (FunctionSource f : snap.functions()) {
        for (SpecSql x : spec.sql(Phase.SWAP.label())) {
          if (SpecSql.createdRoutine(x.forward()).filter(c -> replaces(c, f)).isPresent()) {
            replaced.putIfAbsent(f, x);
          }
        }
      }
      List<FunctionSource> others =
          snap.functions().stream().filter(f -> !replaced.containsKey(f)).toList();
      List<Finding> out =
          new ArrayList<>(new FunctionBodies(spec, snap.withFunctions(others)).find(r));
      replaced.forEach(
          (f, x) -> {
            for (Finding found : new FunctionBodies(spec, snap.withFunctions(List.of(f))).find(r)) {
              Diagnostic d = found.diagnostic();
              out.add(
                  new Finding(
                      Severity.WARNING,
                      FindingCode.FUNCTION_BODY_REPLACED,
                      new Diagnostic(
                          d.file(),
                          d.position(),
                          d.message()
                              + "; handled by the spec's own SQL: "
                              + x.label()
                              + " replaces it at the swap, and its inverse at the swap's rollback",
                          "make sure "
                              + x.label()
                              + ".forward uses the new names and its inverse"
                              + " the old ones")));
            }
          });
      return out;
    }

    /** Whether a CREATE OR REPLACE of {@code c} replaces {@code f} (its regprocedure signature). */
    private static boolean replaces(SpecSql.Routine c, FunctionSource f) {
      int paren = f.signature().indexOf('(');
      if (paren < 0 || !f.signature().substring(0, paren).equals(c.name())) {
        return false;
      }
      String args = f.signature().substring(paren + 1, f.signature().lastIndexOf(')')).strip();
      int arity = args.isEmpty() ? 0 : args.split(",", -1).length;
      return arity == c.inputs();
    }

    private void viewDependents(TableRename r, State state) {
      // Views the coming run would drop: the transitional view (swap, expand rollback) or the
      // compat view.
      // Swap and the expand rollback both drop the transitional view; contract and the swap
      // rollback the compat
      // view, which exists only when the table itself is renamed.
      List<QualifiedName> dropped = RenameGeometry.of(spec, r).viewsIn(state);
      for (Dependent d : snap.dependents()) {
        if (dropped.contains(d.view())) {
          add(
              Severity.BLOCKER,
              FindingCode.VIEW_DEPENDENT,
              r.position(),
              d.description() + " depends on " + d.view() + ", which this phase drops",
              d.onRowType()
                  ? "it uses the view's row type, which goes with the view: give it a type of its own"
                      + " (CREATE TYPE ... AS (...), then ALTER it to use that type) or the table's row"
                      + " type; viewswap never drops or alters your objects"
                  : "point it at the table instead (CREATE OR REPLACE VIEW over the table); viewswap never"
                      + " drops your objects");
        }
      }
    }

    /**
     * The spec's {@code accept:} entries, applied to the findings once every check ran (they never
     * reach into a check): a blocker of an acceptable code that names the entry's object becomes
     * {@link Severity#ACCEPTED}, shown with the entry's reason. An entry of another code, or one
     * that names no finding when the checks that make such findings ran, is a spec error at the
     * entry's line.
     */
    void acceptances(State state, Direction direction) {
      boolean textChecksRan = direction == Direction.FORWARD && state.tableHasOldNames();
      for (Acceptance a : spec.accept()) {
        Optional<FindingCode> code =
            ACCEPTABLE.stream().filter(c -> c.label().equals(a.finding())).findFirst();
        if (code.isEmpty()) {
          add(
              Severity.ERROR,
              FindingCode.ACCEPT_UNKNOWN,
              a.position(),
              "accept: \""
                  + a.finding()
                  + "\" is not a finding a spec can accept; only "
                  + ACCEPTABLE.stream().map(FindingCode::label).toList()
                  + " can be",
              "the other blockers would make the phase fail or widen access: fix what they name");
          continue;
        }
        boolean matched = false;
        for (int i = 0; i < findings.size(); i++) {
          Finding f = findings.get(i);
          if (f.severity() == Severity.BLOCKER
              && f.code().equals(code.get().label())
              && names(f.diagnostic().message(), a.object())) {
            Diagnostic d = f.diagnostic();
            findings.set(
                i,
                new Finding(
                    Severity.ACCEPTED,
                    f.code(),
                    new Diagnostic(
                        d.file(),
                        d.position(),
                        d.message()
                            + "; accepted in the spec"
                            + (a.position().known() ? " (line " + a.position().line() + ")" : "")
                            + ": "
                            + a.reason(),
                        "accepted, so nothing stops the phase: what the finding says will break still"
                            + " breaks unless its owner changed it; remove the entry to be told again")));
            matched = true;
          }
        }
        if (!matched && textChecksRan) {
          add(
              Severity.ERROR,
              FindingCode.ACCEPT_UNKNOWN,
              a.position(),
              "accept: no " + a.finding() + " blocker names " + a.object() + " in this database",
              "write the object exactly as `viewswap check` names it (e.g. public.audit(integer)), or remove"
                  + " the entry if the blocker is gone");
        }
      }
    }

    /** Whether a finding's message names the object, as a whole word of it. */
    private static boolean names(String message, String object) {
      int from = 0;
      while (true) {
        int i = message.indexOf(object, from);
        if (i < 0) {
          return false;
        }
        int end = i + object.length();
        boolean before = i == 0 || " \"(".indexOf(message.charAt(i - 1)) >= 0;
        boolean after = end == message.length() || " \",;:)".indexOf(message.charAt(end)) >= 0;
        if (before && after) {
          return true;
        }
        from = i + 1;
      }
    }

    void warnings() {
      for (TableRename r : spec.renames()) {
        if (!r.renamesTable()) {
          add(
              Severity.WARNING,
              FindingCode.OLD_CLIENTS_AT_SWAP,
              r.position(),
              r.table()
                  + " keeps its name: after the swap old code reading \""
                  + firstColumn(r)
                  + "\" fails; there is no compat view for column-only renames",
              "deploy the new code on search_path "
                  + spec.transitionSchemaFor(r)
                  + ","
                  + r.table().schema()
                  + " and check with `viewswap drain` that old traffic is gone before the swap");
        }
      }
      add(
          Severity.WARNING,
          FindingCode.VIEW_LIMITS,
          Position.UNKNOWN,
          "through the views there is no COPY, no TRUNCATE and no ON CONFLICT ON CONSTRAINT; MERGE needs "
              + "PostgreSQL 17; ORMs that introspect a view see every column nullable and no primary key",
          "keep such statements on the table's old name until the swap, or write ON CONFLICT (columns)");
      statementWarnings();
    }

    /**
     * The view limits as evidence: statements pg_stat_statements saw on a renamed table, with their
     * calls.
     */
    private void statementWarnings() {
      for (StatementStat s : snap.statements()) {
        Optional<ViewLimit> limit = ViewLimit.of(s.query(), snap.serverMajor());
        Optional<TableRename> on =
            spec.renames().stream()
                .filter(
                    r -> CatalogReader.javaWordPattern(r.table().name()).matcher(s.query()).find())
                .findFirst();
        if (limit.isPresent() && on.isPresent()) {
          add(
              Severity.WARNING,
              FindingCode.VIEW_LIMIT_STATEMENT,
              on.get().position(),
              "pg_stat_statements: "
                  + limit.get().label()
                  + " on "
                  + on.get().table()
                  + " ran "
                  + s.calls()
                  + (s.calls() == 1 ? " time" : " times")
                  + ": "
                  + shortened(s.query())
                  + "; through the view it fails",
              limit.get().hint());
        }
      }
    }

    private static String shortened(String query) {
      String oneLine = query.strip().replaceAll("\\s+", " ");
      return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }

    private static String firstColumn(TableRename r) {
      return r.columns().isEmpty() ? "" : r.columns().get(0).from();
    }

    private static String suggest(String wrong, List<String> candidates, String fallback) {
      return EditDistance.suggest(wrong, candidates)
          .map(best -> "did you mean \"" + best + "\"? " + fallback)
          .orElse(fallback);
    }
  }
}
