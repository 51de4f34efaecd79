package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
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
      return List.of();
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
      out.add(
          ctx.finding(
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
                  + " and what it holds stay as they are"));
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
