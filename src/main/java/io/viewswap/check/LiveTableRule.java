package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.catalog.TableInfo;
import io.viewswap.spec.TableRename;
import java.util.List;

/**
 * A rule about the table as the catalog has it: it runs only when the table is where the state puts
 * it ({@link MissingTable} reports it otherwise, once).
 */
abstract class LiveTableRule implements Rule {

  @Override
  public final List<Finding> find(CheckContext ctx, TableRename rename) {
    return ctx.liveTable(rename).map(t -> find(ctx, rename, t)).orElse(List.of());
  }

  /** What it finds for the rename of {@code table}. */
  abstract List<Finding> find(CheckContext ctx, TableRename rename, TableInfo table);
}
