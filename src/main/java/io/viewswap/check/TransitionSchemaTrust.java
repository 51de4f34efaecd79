package io.viewswap.check;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.SchemaInfo;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A transition schema viewswap is about to create, or to put views in and grant USAGE on: a schema
 * of that name that viewswap did not create (its state does not record it by oid), or that someone
 * untrusted owns or may create in, is refused: its owner could swap the view for a table and
 * capture the new release's writes, and USAGE granted on it would reach whatever else it holds.
 */
final class TransitionSchemaTrust implements Rule {

  @Override
  public List<Finding> find(CheckContext ctx, TableRename r) {
    if (!ctx.geometry(r).createsTransitionSchema(ctx.state(), ctx.direction())) {
      return inUse(ctx, r);
    }
    CatalogSnapshot snap = ctx.snapshot();
    List<Finding> out = new ArrayList<>();
    String ts = ctx.geometry(r).transitionSchema().orElseThrow();
    sharedOwners(ctx, r, ts).ifPresent(out::add);
    Optional<SchemaInfo> found = snap.schema(ts);
    if (found.isEmpty()) {
      if (!snap.rights().createSchemas()) {
        out.add(
            ctx.finding(
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
                    + ", or run as a role that has it"));
      }
      return out;
    }
    SchemaInfo s = found.get();
    if (!s.recorded()) {
      out.add(notViewswaps(ctx, r, ts, s));
    }
    for (String problem : s.untrusted()) {
      out.add(
          ctx.finding(
              Severity.BLOCKER,
              FindingCode.TRANSITION_SCHEMA_UNTRUSTED,
              r.position(),
              "the transition schema " + Identifiers.display(ts) + " cannot be trusted: " + problem,
              "only the table owner, you and roles you inherit may own it or create in it: revoke the right, or set"
                  + " another transition_schema"));
    }
    return out;
  }

  private static Finding notViewswaps(CheckContext ctx, TableRename r, String ts, SchemaInfo s) {
    return ctx.finding(
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

  /**
   * Expanded or swapped: the new release searches the transition schema first. A schema that
   * viewswap recorded can still stop being trustworthy, above all after a restore that ran into a
   * schema someone had already made under its name (the dump then hands that schema the owner, the
   * grants and the comment of viewswap's, but what the squatter put in it stays). Swap's rollback
   * puts a view in it again: refused. Otherwise a warning, since rolling back (or contracting) is
   * what takes the schema out of the release's way.
   */
  private static List<Finding> inUse(CheckContext ctx, TableRename r) {
    State state = ctx.state();
    if (r.renamesTable() || (state != State.EXPANDED && state != State.SWAPPED)) {
      return List.of();
    }
    String ts = ctx.spec().transitionSchemaFor(r);
    Optional<SchemaInfo> found = ctx.snapshot().schema(ts);
    if (found.isEmpty()) {
      return List.of();
    }
    boolean putsAView = state == State.SWAPPED && ctx.direction() == Direction.ROLLBACK;
    List<Finding> out = new ArrayList<>();
    if (!found.get().recorded()) {
      if (putsAView) {
        out.add(notViewswaps(ctx, r, ts, found.get()));
      }
      return out;
    }
    for (String problem : found.get().untrusted()) {
      out.add(
          ctx.finding(
              putsAView ? Severity.BLOCKER : Severity.WARNING,
              FindingCode.TRANSITION_SCHEMA_UNTRUSTED,
              r.position(),
              "the transition schema "
                  + Identifiers.display(ts)
                  + ", which the new release searches first, cannot be trusted: "
                  + problem,
              putsAView
                  ? "remove what the role named put in it or holds on it, then run the rollback again"
                  : "roll the spec back (or contract it) to take the schema out of the release's way, and"
                      + " remove what the role named put in it or holds on it"));
    }
    return out;
  }

  /**
   * The tables whose views share one transition schema must have one owner. The schema has one
   * owner, who may drop anything in it: of two table owners, the one owning the schema could swap
   * the other's view for a table of her own and capture the new release's writes; a schema owned by
   * the runner instead would leave each owner unable to manage her own view's schema. Reported once
   * per schema, at its first table.
   */
  private static Optional<Finding> sharedOwners(CheckContext ctx, TableRename r, String ts) {
    Spec spec = ctx.spec();
    Map<String, List<String>> byOwner = new TreeMap<>();
    TableRename first = null;
    for (TableRename other : spec.renames()) {
      if (other.renamesTable() || !spec.transitionSchemaFor(other).equals(ts)) {
        continue;
      }
      if (first == null) {
        first = other;
      }
      ctx.snapshot()
          .table(other.table())
          .ifPresent(
              t ->
                  byOwner
                      .computeIfAbsent(Identifiers.display(t.owner()), k -> new ArrayList<>())
                      .add(t.name().toString()));
    }
    if (first != r || byOwner.size() < 2) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    byOwner.forEach(
        (owner, names) -> parts.add(String.join(", ", names) + " (owner " + owner + ")"));
    return Optional.of(
        ctx.finding(
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
                + " each with its own transition_schema"));
  }
}
