package io.viewswap.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rename spec: every table rename in it moves through the lifecycle together, one transaction per
 * phase.
 *
 * @param id unique key of the spec in the state table
 * @param description free text for people
 * @param renames the tables to rename, in spec order
 * @param transitionSchema where column-only views live; empty means {@code <schema>_next} per table
 * @param options how phases run
 * @param file the file the spec came from, as the user named it (for diagnostics)
 * @param schemas the top-level {@code schemas:} of a schema-per-tenant spec; empty for a spec of
 *     named tables
 * @param sql the spec's own statements ({@code sql:}), each with its inverse, in phase and spec
 *     order
 * @param accept the top-level {@code accept:} list: blockers about objects of other roles that the
 *     spec's author accepts by name (not part of the checksum: it changes nothing in the database)
 */
public record Spec(
    String id,
    String description,
    List<TableRename> renames,
    Optional<String> transitionSchema,
    SpecOptions options,
    String file,
    Optional<SchemaSelection> schemas,
    List<SpecSql> sql,
    List<Acceptance> accept) {

  public Spec {
    sql = sql == null ? List.of() : List.copyOf(sql);
    Objects.requireNonNull(id, "id");
    description = description == null ? "" : description;
    renames = List.copyOf(renames);
    Objects.requireNonNull(transitionSchema, "transitionSchema");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(schemas, "schemas");
    accept = accept == null ? List.of() : List.copyOf(accept);
  }

  /** The schema that holds the transitional view of a table that keeps its name. */
  public String transitionSchemaFor(TableRename rename) {
    return transitionSchema
        .map(t -> SchemaSelection.resolveTransition(t, rename.table().schema()))
        .orElse(rename.table().schema() + "_next");
  }

  /**
   * Whether some table keeps its name, so that new code reaches its view through the search_path.
   */
  public boolean hasColumnOnlyRenames() {
    return renames.stream().anyMatch(r -> !r.renamesTable());
  }

  /**
   * The release role's search_path between expand and contract: every transition schema of a table
   * that keeps its name, then those tables' own schemas, each once, in spec order.
   */
  public List<String> releaseSearchPath() {
    java.util.LinkedHashSet<String> first = new java.util.LinkedHashSet<>();
    java.util.LinkedHashSet<String> then = new java.util.LinkedHashSet<>();
    for (TableRename r : renames) {
      if (!r.renamesTable()) {
        first.add(transitionSchemaFor(r));
        then.add(r.table().schema());
      }
    }
    first.addAll(then);
    return List.copyOf(first);
  }

  /**
   * A spec of named tables with the same id, options and transition schema over other renames:
   * without {@code schemas:}, SQL of its own or {@code accept:}, for reading the catalog of a fleet
   * or advising on one tenant.
   */
  public Spec withNamedTables(List<TableRename> newRenames) {
    return new Spec(
        id,
        description,
        newRenames,
        transitionSchema,
        options,
        file,
        Optional.empty(),
        List.of(),
        List.of());
  }

  public Spec withOptions(SpecOptions newOptions) {
    return new Spec(
        id, description, renames, transitionSchema, newOptions, file, schemas, sql, accept);
  }

  /**
   * The key of one tenant's state row: the spec id, {@code @}, the schema (ids cannot hold
   * {@code @}).
   */
  public static String targetId(String specId, String schema) {
    return specId + "@" + schema;
  }

  /**
   * The spec one tenant schema runs: the renames written bare, in that schema; its id is {@link
   * #targetId}, so each tenant has its own state row and run lock. Only for a spec with {@code
   * schemas:}.
   */
  public Spec forSchema(String schema) {
    SchemaSelection sel =
        schemas.orElseThrow(() -> new IllegalStateException("spec " + id + " selects no schemas"));
    List<TableRename> mine = new java.util.ArrayList<>();
    for (int i = 0; i < renames.size(); i++) {
      if (sel.perSchema().contains(i)) {
        TableRename r = renames.get(i);
        mine.add(
            new TableRename(
                new QualifiedName(schema, r.table().name()),
                r.newName(),
                r.columns(),
                r.position(),
                r.newNamePosition()));
      }
    }
    return new Spec(
        targetId(id, schema),
        description,
        mine,
        transitionSchema,
        options,
        file,
        Optional.empty(),
        List.of(),
        accept);
  }

  /**
   * The renames of a {@code schemas:} spec that name their schema, as a spec of their own under the
   * spec's id: they run once per database, not once per tenant. Empty when every table was written
   * bare.
   */
  public Optional<Spec> shared() {
    SchemaSelection sel =
        schemas.orElseThrow(() -> new IllegalStateException("spec " + id + " selects no schemas"));
    List<TableRename> named = new java.util.ArrayList<>();
    for (int i = 0; i < renames.size(); i++) {
      if (!sel.perSchema().contains(i)) {
        named.add(renames.get(i));
      }
    }
    return named.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new Spec(
                id,
                description,
                named,
                transitionSchema,
                options,
                file,
                Optional.empty(),
                List.of(),
                accept));
  }

  /** The spec's own statements for one phase ({@code expand}, {@code swap}, {@code contract}). */
  public List<SpecSql> sql(String phase) {
    return sql.stream().filter(x -> x.phase().equals(phase)).toList();
  }

  /**
   * A digest of what the spec changes in the database: the renames, the transition schema, whether
   * a compat view is made and the release role. Timeouts and retries are left out, since changing
   * them between phases is harmless.
   */
  public String checksum() {
    StringBuilder canonical = new StringBuilder("viewswap-spec-v1\n").append(id).append('\n');
    for (TableRename r : renames) {
      canonical.append("table\0").append(r.table().schema()).append('\0').append(r.table().name());
      canonical.append("\0to\0").append(r.newName().orElse("")).append('\n');
      for (ColumnRename c : r.columns()) {
        canonical.append("column\0").append(c.from()).append('\0').append(c.to()).append('\n');
      }
      canonical.append("transition\0").append(transitionSchemaFor(r)).append('\n');
    }
    canonical.append("compat_view\0").append(options.compatView()).append('\n');
    if (options.renameDependents()) {
      // Only when on, so that the checksums of specs written before the option existed do not
      // change.
      canonical.append("rename_dependents\0true\n");
    }
    // Only when set, so that the checksum of every spec without one stays what it was: contract
    // restores the setting of the role expand changed, so the role may not change in between.
    options
        .releaseRole()
        .ifPresent(role -> canonical.append("release_role\0").append(role).append('\n'));
    // Only when present, so that the checksum of every spec without SQL stays what it was: a
    // rollback runs the inverses the spec had when its phase ran.
    for (SpecSql x : sql) {
      canonical.append("sql\0").append(x.label()).append('\0').append(x.forward());
      canonical.append('\0').append(x.inverse()).append('\n');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
