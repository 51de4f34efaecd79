package io.viewswap.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.viewswap.spec.QualifiedName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A snapshot as a JSON file: taken on a replica with {@code viewswap snapshot}, it lets a DBA
 * without live access plan and export. Maps keyed by qualified names are written as sorted lists,
 * so files diff cleanly.
 */
public final class SnapshotJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new Jdk8Module())
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private SnapshotJson() {}

  /** The file form: the snapshot with its maps flattened to lists. */
  record File(
      int format,
      int serverVersionNum,
      String currentUser,
      boolean superuser,
      Set<String> memberOf,
      List<SchemaInfo> schemas,
      List<RelationInfo> relations,
      List<TableInfo> tables,
      Set<String> defaultPrivilegeGrantees,
      List<FunctionSource> functions,
      List<Dependent> dependents,
      TextReferences textReferences,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          Map<String, String> specStates) {}

  public static String write(CatalogSnapshot s) throws IOException {
    return write(s, Map.of());
  }

  /**
   * The snapshot and where specs stood when it was taken ({@code spec_states}: spec id to state
   * label, e.g. {@code expanded}): taken mid-rename, the catalog holds viewswap's own views, which
   * only the state explains.
   */
  public static String write(CatalogSnapshot s, Map<String, String> specStates) throws IOException {
    Comparator<QualifiedName> byName =
        Comparator.comparing(QualifiedName::schema).thenComparing(QualifiedName::name);
    List<SchemaInfo> schemas = new ArrayList<>(s.schemas().values());
    schemas.sort(Comparator.comparing(SchemaInfo::name));
    List<RelationInfo> relations = new ArrayList<>(s.relations().values());
    relations.sort(Comparator.comparing(RelationInfo::name, byName));
    List<TableInfo> tables = new ArrayList<>(s.tables().values());
    tables.sort(Comparator.comparing(TableInfo::name, byName));
    return MAPPER.writeValueAsString(
        new File(
            1,
            s.serverVersionNum(),
            s.currentUser(),
            s.superuser(),
            new TreeSet<>(s.memberOf()),
            schemas,
            relations,
            tables,
            new TreeSet<>(s.defaultPrivilegeGrantees()),
            s.functions(),
            s.dependents(),
            s.textReferences(),
            specStates.isEmpty() ? null : new java.util.TreeMap<>(specStates)));
  }

  /**
   * The state label a snapshot recorded for a spec, if it recorded one (snapshots written before it
   * did, or of a spec without state, have none).
   */
  public static java.util.Optional<String> specState(String json, String specId)
      throws IOException {
    File f = MAPPER.readValue(json, File.class);
    return f.specStates() == null
        ? java.util.Optional.empty()
        : java.util.Optional.ofNullable(f.specStates().get(specId));
  }

  public static CatalogSnapshot read(String json) throws IOException {
    File f = MAPPER.readValue(json, File.class);
    if (f.format() != 1) {
      throw new IOException(
          "unsupported snapshot format " + f.format() + "; this viewswap reads format 1");
    }
    Map<String, SchemaInfo> schemas = new HashMap<>();
    f.schemas().forEach(x -> schemas.put(x.name(), x));
    Map<QualifiedName, RelationInfo> relations = new HashMap<>();
    f.relations().forEach(x -> relations.put(x.name(), x));
    Map<QualifiedName, TableInfo> tables = new HashMap<>();
    f.tables().forEach(x -> tables.put(x.name(), x));
    return new CatalogSnapshot(
        f.serverVersionNum(),
        f.currentUser(),
        f.superuser(),
        f.memberOf(),
        schemas,
        relations,
        tables,
        f.defaultPrivilegeGrantees(),
        f.functions(),
        f.dependents(),
        List.of(),
        f.textReferences());
  }

  public static CatalogSnapshot read(Path file) throws IOException {
    return read(java.nio.file.Files.readString(file));
  }
}
