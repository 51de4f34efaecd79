package io.viewswap.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.viewswap.text.VisibleText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A spec written back as spec text that {@link SpecReader} reads to the same renames and checksum:
 * one line of JSON (YAML accepts JSON), as the state row stores it with each phase, and YAML for a
 * user recovering the file ({@code viewswap status --show-spec}). Only what the spec says is
 * written, never positions or the file name. Every string is a JSON string (a YAML double-quoted
 * scalar) with everything outside printable ASCII escaped, so the text stays one line, and no name
 * in it can end a literal or start a command in a script that stores it.
 */
public final class SpecText {
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private SpecText() {}

  /**
   * The id a stored spec carries: a fleet target's id ({@code spec@schema}) is not a spec id, so
   * the text keeps the spec's own, and the state row says which target it is.
   */
  static String storedId(String id) {
    int at = id.indexOf('@');
    return at < 0 ? id : id.substring(0, at);
  }

  /**
   * The spec a state row stores, read by the same {@link SpecReader} as a file and checked like one
   * (it may have been written by an older viewswap, or by anyone who could write the row), under
   * the row's id.
   *
   * @param specId the row's spec id (a fleet target's {@code spec@schema})
   * @throws SpecException when the text is not a valid spec, or is the spec of another id
   */
  public static Spec stored(String text, String specId) throws SpecException {
    String where = "the applied spec of " + VisibleText.oneLine(specId) + " in the state";
    Spec s = new SpecReader().parse(text, where);
    if (s.schemas().isPresent() || !s.id().equals(storedId(specId))) {
      throw new SpecException(
          List.of(
              new Diagnostic(
                  where,
                  Position.UNKNOWN,
                  "the stored spec is not the spec of this row (id "
                      + VisibleText.oneLine(s.id())
                      + ")",
                  "the state was written by hand; restore the spec file and run with it")));
    }
    return new Spec(
        specId,
        s.description(),
        s.renames(),
        s.transitionSchema(),
        s.options(),
        where,
        Optional.empty(),
        s.sql(),
        List.of());
  }

  /**
   * What changed from the applied spec to this one, a line per rename or setting: "- " as applied,
   * "+ " as the spec says now; empty when they do the same.
   */
  public static String diff(Spec applied, Spec now) {
    List<String> was = summary(applied);
    List<String> is = summary(now);
    StringBuilder b = new StringBuilder();
    was.stream().filter(l -> !is.contains(l)).forEach(l -> b.append("  - ").append(l).append('\n'));
    is.stream().filter(l -> !was.contains(l)).forEach(l -> b.append("  + ").append(l).append('\n'));
    return b.toString().stripTrailing();
  }

  private static List<String> summary(Spec spec) {
    List<String> out = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      StringBuilder l = new StringBuilder(r.table().toString());
      r.newName().ifPresent(n -> l.append(" -> ").append(Identifiers.display(n)));
      for (ColumnRename c : r.columns()) {
        l.append(", column ")
            .append(Identifiers.display(c.from()))
            .append(" -> ")
            .append(Identifiers.display(c.to()));
      }
      if (!r.renamesTable()) {
        l.append(" (transition schema ")
            .append(Identifiers.display(spec.transitionSchemaFor(r)))
            .append(')');
      }
      out.add(l.toString());
    }
    out.add("compat_view: " + spec.options().compatView());
    out.add("rename_dependents: " + spec.options().renameDependents());
    out.add(
        "release_role: " + spec.options().releaseRole().map(Identifiers::display).orElse("none"));
    for (SpecSql x : spec.sql()) {
      out.add(x.label() + ": " + x.forward().replaceAll("\\s+", " "));
    }
    return out;
  }

  /** One line of JSON, for the state row. */
  public static String json(Spec spec) {
    try {
      return JSON.writeValueAsString(tree(spec));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a spec tree of strings always serialises", e);
    }
  }

  /** Block YAML a user can save as the spec file again. */
  public static String yaml(Spec spec) {
    StringBuilder b = new StringBuilder();
    Map<String, Object> t = tree(spec);
    for (Map.Entry<String, Object> e : t.entrySet()) {
      write(b, e.getKey(), e.getValue(), "");
    }
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static void write(StringBuilder b, String key, Object value, String indent) {
    b.append(indent).append(key).append(':');
    if (value instanceof Map<?, ?> m) {
      b.append('\n');
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        write(b, e.getKey(), e.getValue(), indent + "  ");
      }
    } else if (value instanceof List<?> l) {
      b.append('\n');
      for (Object item : l) {
        Map<String, Object> m = (Map<String, Object>) item;
        String first = "  - ";
        for (Map.Entry<String, Object> e : m.entrySet()) {
          StringBuilder inner = new StringBuilder();
          write(inner, e.getKey(), e.getValue(), indent + "    ");
          b.append(indent).append(first).append(inner.substring(indent.length() + 4));
          first = "    ";
        }
      }
    } else {
      b.append(' ').append(scalar(value)).append('\n');
    }
  }

  private static String scalar(Object value) {
    if (value instanceof String s) {
      try {
        return JSON.writeValueAsString(s);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a string always serialises", e);
      }
    }
    return String.valueOf(value);
  }

  private static Map<String, Object> tree(Spec spec) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", storedId(spec.id()));
    if (!spec.description().isEmpty()) {
      t.put("description", spec.description());
    }
    List<Object> renames = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("table", part(r.table().schema()) + "." + part(r.table().name()));
      r.newName().ifPresent(n -> m.put("to", n));
      if (!r.columns().isEmpty()) {
        Map<String, Object> cs = new LinkedHashMap<>();
        for (ColumnRename c : r.columns()) {
          cs.put(c.from(), c.to());
        }
        m.put("columns", cs);
      }
      renames.add(m);
    }
    t.put("renames", renames);
    spec.transitionSchema()
        .ifPresent(
            ts ->
                t.put(
                    "transition_schema",
                    spec.renames().isEmpty()
                        ? ts
                        : spec.transitionSchemaFor(spec.renames().get(0))));
    SpecOptions o = spec.options();
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("lock_timeout", ms(o.lockTimeout()));
    opts.put("statement_timeout", ms(o.statementTimeout()));
    opts.put("retries", o.retries());
    opts.put("backoff", ms(o.backoffMin()) + ".." + ms(o.backoffMax()));
    opts.put("compat_view", o.compatView());
    opts.put("allow_publications", o.allowPublications());
    opts.put("rename_dependents", o.renameDependents());
    o.releaseRole().ifPresent(r -> opts.put("release_role", r));
    opts.put("synchronous_commit", o.keepSynchronousCommit() ? "configured" : "local");
    t.put("options", opts);
    if (!spec.sql().isEmpty()) {
      Map<String, Object> sql = new LinkedHashMap<>();
      for (SpecSql x : spec.sql()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("forward", x.forward());
        entry.put("inverse", x.inverse());
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) sql.computeIfAbsent(x.phase(), k -> new ArrayList<>());
        list.add(entry);
      }
      t.put("sql", sql);
    }
    return t;
  }

  /** A part of {@code table:} as {@link RenamesReader#parseTableName} splits it back. */
  private static String part(String name) {
    return name.indexOf('.') < 0 && name.indexOf('"') < 0
        ? name
        : '"' + name.replace("\"", "\"\"") + '"';
  }

  private static String ms(Duration d) {
    return d.toMillis() + "ms";
  }
}
