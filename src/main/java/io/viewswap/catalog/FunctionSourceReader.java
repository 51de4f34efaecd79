package io.viewswap.catalog;

import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@link FunctionSource}s a rename could break: the functions whose bodies name one of
 * the renamed tables or columns or compute names at run time, and the callers that hand such a
 * function its name fragments. Kept apart from {@link CatalogReader}, as {@link
 * TextReferenceReader} is, so that function bodies have one place.
 */
final class FunctionSourceReader {

  private FunctionSourceReader() {}

  /** Words of a body that computes names at run time: such a body is read whatever it names. */
  private static final String COMPUTES_NAMES =
      "\\m(execute|format|tg_argv|tg_table_name|tg_table_schema|tg_relid|regclass)\\M";

  /** The functions whose bodies mention one of {@code mentioned} (table or column names). */
  static List<FunctionSource> read(Connection c, Set<String> mentioned) throws SQLException {
    List<FunctionSource> functions = new ArrayList<>();
    if (!mentioned.isEmpty()) {
      functions.addAll(functions(c, CatalogReader.wordPattern(mentioned) + "|" + COMPUTES_NAMES));
      // Callers of a function that computes names pass it the fragments ($1 || '_stats'): read them
      // too, so their constant arguments can be followed.
      Set<String> callees = new LinkedHashSet<>();
      for (FunctionSource f : functions) {
        if (!f.argNames().isEmpty()) {
          callees.add(f.bareName());
        }
      }
      if (!callees.isEmpty()) {
        Set<String> read = new HashSet<>();
        functions.forEach(f -> read.add(f.signature()));
        for (FunctionSource f : functions(c, CatalogReader.wordPattern(callees))) {
          if (read.add(f.signature())) {
            functions.add(f);
          }
        }
      }
    }
    return functions;
  }

  private static List<FunctionSource> functions(Connection c, String pattern) throws SQLException {
    List<FunctionSource> functions = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/functions.sql"))) {
      ps.setString(1, pattern);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String[] ts = (String[]) rs.getArray("trigger_schemas").getArray();
          String[] tn = (String[]) rs.getArray("trigger_names").getArray();
          String[] tg = (String[]) rs.getArray("trigger_tgnames").getArray();
          String[] ta = (String[]) rs.getArray("trigger_args").getArray();
          Integer[] tc = (Integer[]) rs.getArray("trigger_nargs").getArray();
          List<QualifiedName> on = new ArrayList<>();
          List<FunctionSource.Trigger> triggers = new ArrayList<>();
          for (int i = 0; i < ts.length; i++) {
            QualifiedName table = new QualifiedName(ts[i], tn[i]);
            on.add(table);
            triggers.add(
                new FunctionSource.Trigger(
                    tg[i],
                    table,
                    TextReferenceReader.arguments(HexFormat.of().parseHex(ta[i]), tc[i])));
          }
          String[] names = (String[]) rs.getArray("arg_names").getArray();
          String[] modes = (String[]) rs.getArray("arg_modes").getArray();
          List<String> inputs = new ArrayList<>();
          for (int i = 0; i < names.length; i++) {
            String mode = modes.length > i ? modes[i] : "i";
            if (mode.equals("i") || mode.equals("b") || mode.equals("v")) {
              inputs.add(names[i]);
            }
          }
          functions.add(
              new FunctionSource(
                  rs.getString("signature"),
                  rs.getString("language"),
                  rs.getString("source"),
                  on,
                  inputs,
                  triggers,
                  rs.getBoolean("extension_member"),
                  true));
        }
      }
    }
    return functions;
  }
}
