package io.viewswap.plan;

import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.NamedDependent;
import io.viewswap.catalog.RelationInfo;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code options.rename_dependents}: the new names of a table's indexes, constraints, owned
 * sequences, triggers and policies whose names are made from the old table or column names. A name
 * is rewritten where an old name stands as a whole {@code _}-separated part ({@code
 * customer_full_name_idx} becomes {@code client_display_name_idx}, {@code customer_id_seq} becomes
 * {@code client_id_seq}, {@code customer_pkey} becomes {@code client_pkey}), which is how
 * PostgreSQL names them when it picks the name, so after the contract the schema is what it would
 * be had it been created under the new names. Pure: the planner and the checker share it.
 */
public final class DependentNames {
  private DependentNames() {}

  /**
   * One rename.
   *
   * @param dependent the object, as found under the table's old name
   * @param newName its new name
   * @param problem empty when the rename can be planned; else why it is left alone (the new name is
   *     over 63 bytes, or is taken)
   */
  public record Rename(NamedDependent dependent, String newName, Optional<String> problem) {
    public boolean planned() {
      return problem.isEmpty();
    }
  }

  /**
   * The renames for one table, in a stable order (kind, then name).
   *
   * @param liveTable where the table's dependents are found in the snapshot
   * @param renamed whether the snapshot was taken after the swap: the dependents then carry their
   *     new names, and their old names are found by the inverse rewrite
   */
  public static List<Rename> of(
      TableRename r, QualifiedName liveTable, CatalogSnapshot snapshot, boolean renamed) {
    Map<String, String> replacements = new HashMap<>();
    if (r.renamesTable()) {
      put(replacements, r.table().name(), r.newName().get(), renamed);
    }
    for (ColumnRename c : r.columns()) {
      put(replacements, c.from(), c.to(), renamed);
    }
    if (replacements.isEmpty()) {
      return List.of();
    }
    // Longest first, so that full_name wins over name when both are renamed.
    List<String> olds = new ArrayList<>(replacements.keySet());
    olds.sort(
        Comparator.comparingInt(String::length)
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    StringBuilder alternation = new StringBuilder();
    for (String o : olds) {
      alternation.append(alternation.length() == 0 ? "" : "|").append(Pattern.quote(o));
    }
    Pattern part = Pattern.compile("(?<=^|_)(" + alternation + ")(?=_|$)");

    List<NamedDependent> deps =
        new ArrayList<>(snapshot.textReferences().namedDependents(liveTable));
    deps.sort(Comparator.comparing(NamedDependent::kind).thenComparing(NamedDependent::name));
    List<Rename> candidates = new ArrayList<>();
    for (NamedDependent d : deps) {
      Matcher m = part.matcher(d.name());
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(replacements.get(m.group(1))));
      }
      m.appendTail(out);
      if (!out.toString().equals(d.name())) {
        candidates.add(
            renamed
                ? new Rename(
                    new NamedDependent(r.table(), d.kind(), d.schema(), out.toString(), d.column()),
                    d.name(),
                    Optional.empty())
                : new Rename(d, out.toString(), Optional.empty()));
      }
    }
    if (renamed) {
      return candidates; // already done: nothing left to collide with
    }
    // Names that will be free: those of objects renamed away. Names that will be taken: the rest,
    // and new names.
    Set<String> leaving = new HashSet<>();
    candidates.forEach(c -> leaving.add(key(c.dependent(), c.dependent().name())));
    Set<String> taken = new HashSet<>();
    for (NamedDependent d : deps) {
      if (!leaving.contains(key(d, d.name()))) {
        taken.add(key(d, d.name()));
      }
    }
    List<Rename> result = new ArrayList<>();
    for (Rename c : candidates) {
      NamedDependent d = c.dependent();
      String k = key(d, c.newName());
      Optional<String> problem = Optional.empty();
      if (Identifiers.byteLength(c.newName()) > Identifiers.MAX_BYTES) {
        problem =
            Optional.of(
                "its new name \""
                    + c.newName()
                    + "\" would be "
                    + Identifiers.byteLength(c.newName())
                    + " bytes, over PostgreSQL's 63");
      } else if (taken.contains(k) || relationTaken(d, c.newName(), snapshot, leaving)) {
        problem = Optional.of("its new name \"" + c.newName() + "\" is taken");
      }
      if (problem.isEmpty()) {
        taken.add(k);
      }
      result.add(new Rename(d, c.newName(), problem));
    }
    return result;
  }

  private static void put(
      Map<String, String> replacements, String oldName, String newName, boolean inverse) {
    if (inverse) {
      replacements.put(newName, oldName);
    } else {
      replacements.put(oldName, newName);
    }
  }

  /**
   * Indexes and sequences (and constraints, through their index) share the schema's relation names.
   */
  private static boolean relationTaken(
      NamedDependent d, String name, CatalogSnapshot snapshot, Set<String> leaving) {
    if (d.kind() == NamedDependent.Kind.TRIGGER || d.kind() == NamedDependent.Kind.POLICY) {
      return false;
    }
    Optional<RelationInfo> other = snapshot.relation(new QualifiedName(d.schema(), name));
    if (other.isEmpty()) {
      return false;
    }
    // Free if it is one of ours being renamed away in the same step list.
    char kind = other.get().kind();
    String asIndex = "rel\0" + d.schema() + "\0" + name;
    return !(leaving.contains(asIndex) && (kind == 'i' || kind == 'I' || kind == 'S'));
  }

  /**
   * The namespace a name lives in: relations of a schema for indexes and sequences, the table for
   * the rest.
   */
  private static String key(NamedDependent d, String name) {
    return switch (d.kind()) {
      case INDEX, SEQUENCE -> "rel\0" + d.schema() + "\0" + name;
      case CONSTRAINT -> "con\0" + d.table() + "\0" + name;
      case TRIGGER -> "trg\0" + d.table() + "\0" + name;
      case POLICY -> "pol\0" + d.table() + "\0" + name;
    };
  }
}
