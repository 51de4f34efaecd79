package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.RelationInfo;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.TableRename;
import io.viewswap.text.EditDistance;
import java.util.List;
import java.util.Optional;

/** The table must be where the state puts it: under its old name until the swap, its new after. */
final class MissingTable implements Rule {

  @Override
  public List<Finding> find(CheckContext ctx, TableRename r) {
    if (ctx.liveTable(r).isPresent()) {
      return List.of();
    }
    CatalogSnapshot snap = ctx.snapshot();
    State state = ctx.state();
    QualifiedName live = ctx.geometry(r).liveTable(state);
    Optional<RelationInfo> other = snap.relation(live);
    if (other.isPresent()) {
      return List.of(
          ctx.finding(
              Severity.ERROR,
              FindingCode.NOT_A_TABLE,
              r.position(),
              live + " is a " + other.get().kindLabel() + ", not a table",
              "viewswap renames tables (plain or partitioned); name the table itself"));
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
      return List.of(
          ctx.finding(
              Severity.ERROR,
              FindingCode.MISSING_TABLE,
              r.position(),
              "table " + live + " does not exist",
              hint));
    } else {
      return List.of(
          ctx.finding(
              Severity.ERROR,
              FindingCode.TABLE_MOVED,
              r.position(),
              "spec is " + state.label() + " but table " + live + " is not there",
              "the database was changed by hand since the last phase; run `viewswap status` and restore the table"));
    }
  }

  /** The fallback hint, after the closest candidate when one is close enough. */
  static String suggest(String wrong, List<String> candidates, String fallback) {
    return EditDistance.suggest(wrong, candidates)
        .map(best -> "did you mean \"" + best + "\"? " + fallback)
        .orElse(fallback);
  }
}
