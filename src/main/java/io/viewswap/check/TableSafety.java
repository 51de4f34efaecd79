package io.viewswap.check;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.TableInfo;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Tables a view cannot stand in for safely, checked while the old names are live and the run goes
 * forward: partitions and inheritance children, row-level security a view would bypass or lock
 * roles out of, and publications whose subscribers map columns by name.
 */
final class TableSafety extends LiveTableRule {

  /** Where every check of the old names runs: forward, until the swap has run. */
  static boolean beforeTheSwap(State state, Direction direction) {
    return direction == Direction.FORWARD && RenameGeometry.oldNamesLive(state);
  }

  @Override
  public boolean appliesTo(State state, Direction direction) {
    return beforeTheSwap(state, direction);
  }

  @Override
  List<Finding> find(CheckContext ctx, TableRename r, TableInfo t) {
    List<Finding> out = new ArrayList<>();
    CatalogSnapshot snap = ctx.snapshot();
    if (t.partitionOrChild()) {
      out.add(
          ctx.finding(
              Severity.BLOCKER,
              FindingCode.PARTITION_OR_CHILD,
              r.position(),
              t.name()
                  + " is a partition or an inheritance child; its columns belong to its parent",
              "rename the parent table instead (partitioned parents are supported)"));
    }
    if (t.rowSecurity() && !snap.supportsSecurityInvoker()) {
      out.add(
          ctx.finding(
              Severity.BLOCKER,
              FindingCode.RLS_PG14,
              r.position(),
              t.name()
                  + " has row-level security, and PostgreSQL "
                  + snap.serverMajor()
                  + " has no security_invoker views: a view would bypass its policies",
              "upgrade to PostgreSQL 15 or later, or disable row-level security on the table first"));
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
        out.add(
            ctx.finding(
                Severity.BLOCKER,
                FindingCode.RLS_COLUMN_GRANTS,
                r.position(),
                t.name()
                    + " has row-level security and column-level grants to "
                    + String.join(", ", columnOnly)
                    + ": a security_invoker view would lock them out, an owner-rights view would bypass the policies",
                "grant those roles table-level SELECT, or let them keep using the table until the swap"));
      }
    }
    if (!t.publications().isEmpty() && !ctx.spec().options().allowPublications()) {
      out.add(
          ctx.finding(
              Severity.BLOCKER,
              FindingCode.PUBLICATION,
              r.position(),
              t.name()
                  + " is published by "
                  + String.join(", ", t.publications())
                  + ": subscribers map columns by name, so renaming on the publisher breaks replication",
              "rename on the subscribers in step, then set options.allow_publications: true"));
    }
    return out;
  }
}
