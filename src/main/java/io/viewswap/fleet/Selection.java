package io.viewswap.fleet;

import io.viewswap.api.FleetOptions;
import io.viewswap.spec.SchemaSelection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Which schemas of one database a spec selects, and which targets a run's --only and --shard keep.
 * Pure.
 */
final class Selection {
  private Selection() {}

  /** The selected schemas, sorted by code point (independent of the server's collation). */
  static List<String> schemas(SchemaSelection sel, List<String> existing) {
    List<String> out = new ArrayList<>();
    for (String s : existing) {
      if (sel.selects(s)) {
        out.add(s);
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  /**
   * One message per pattern that selects nothing here: a name that does not exist, a glob matching
   * nothing.
   */
  static List<String> unmatched(SchemaSelection sel, List<String> existing, String database) {
    List<String> out = new ArrayList<>();
    for (String p : sel.patterns()) {
      if (existing.stream().noneMatch(s -> SchemaSelection.matches(p, s))) {
        out.add(
            SchemaSelection.isGlob(p)
                ? "schemas: the glob \"" + p + "\" matches no schema in " + database
                : "schemas: schema \"" + p + "\" does not exist in " + database);
      }
    }
    return out;
  }

  /**
   * Whether --only and --shard keep the target. The shard of a target depends only on its own name.
   */
  static boolean kept(FleetOptions o, String database, String schema) {
    if (o.only().isPresent()
        && !schema.isEmpty()
        && !SchemaSelection.matches(o.only().get(), schema)) {
      return false;
    }
    return o.shard().map(sh -> shardOf(database, schema, sh.count()) == sh.index()).orElse(true);
  }

  /** A stable hash of (database, schema) modulo the number of shards. */
  static int shardOf(String database, String schema, int count) {
    CRC32 crc = new CRC32();
    crc.update((database + "\0" + schema).getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % count);
  }
}
