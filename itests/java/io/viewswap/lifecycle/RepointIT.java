package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.ViewSwap;
import io.viewswap.api.Phase;
import io.viewswap.cli.Main;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code viewswap repoint --for jdbc} followed to the letter by a real new release: the connection
 * settings and names it prints reach the new names from expand on, and keep working after swap and
 * contract.
 */
@ExtendWith(PostgresExtension.class)
class RepointIT {

  @ParameterizedTest
  @ValueSource(strings = {"customer-to-client", "columns-only", "multi-table"})
  void theNewReleaseConfiguredAsRepointSaysWorksFromExpandToContract(String name, TestDatabase db)
      throws Exception {
    Example example = Example.load(name);
    example.install(db);
    StringWriter out = new StringWriter();
    int exit =
        Main.run(
            new String[] {
              "repoint", Example.specFile(name).toString(), "--for", "jdbc", "--format", "json"
            },
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            Map.of());
    assertThat(exit).as("repoint needs only the spec").isZero();
    JsonNode advice = new ObjectMapper().readTree(out.toString());

    ViewSwap vs = Example.viewSwap(db);
    vs.apply(example.spec(), Phase.EXPAND, false);
    assertNewReleaseWorks(db, advice, "expanded");
    vs.apply(example.spec(), Phase.SWAP, false);
    assertNewReleaseWorks(db, advice, "swapped");
    vs.apply(example.spec(), Phase.CONTRACT, false);
    assertNewReleaseWorks(db, advice, "contracted");
  }

  /**
   * One connection per table, configured only from the advice: its search_path, its table and
   * column names.
   */
  private static void assertNewReleaseWorks(TestDatabase db, JsonNode advice, String state)
      throws Exception {
    for (JsonNode t : advice.get("tables")) {
      String url = db.url();
      String table;
      if (t.get("search_path").isNull()) {
        table = quoted(t.get("new_table").asText());
      } else {
        url +=
            (url.contains("?") ? "&" : "?")
                + "currentSchema="
                + URLEncoder.encode(t.get("search_path").asText(), StandardCharsets.UTF_8);
        // Unqualified, as the advice says, so the search_path leads to the transitional view.
        String qualified = t.get("new_table").asText();
        table = quotedName(qualified.substring(qualified.lastIndexOf('.') + 1));
      }
      List<String> newColumns = new ArrayList<>();
      for (Iterator<JsonNode> it = t.get("columns").elements(); it.hasNext(); ) {
        newColumns.add(quotedName(it.next().asText()));
      }
      String cols = newColumns.isEmpty() ? "*" : String.join(", ", newColumns);
      try (Connection c = DriverManager.getConnection(url, Example.APP_ROLE, Example.APP_PASSWORD);
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT " + cols + " FROM " + table + " LIMIT 1")) {
          assertThat(rs.next())
              .as("%s: the new release reads %s through %s", state, cols, table)
              .isTrue();
        }
        if (!newColumns.isEmpty()) {
          String first = newColumns.get(0);
          int updated = st.executeUpdate("UPDATE " + table + " SET " + first + " = " + first);
          assertThat(updated)
              .as("%s: the new release writes %s of %s", state, first, table)
              .isPositive();
        }
      }
    }
  }

  /** A qualified name as repoint prints it (schema.table, plain lower-case names) to SQL. */
  private static String quoted(String qualified) {
    int dot = qualified.lastIndexOf('.');
    return quotedName(qualified.substring(0, dot)) + "." + quotedName(qualified.substring(dot + 1));
  }

  private static String quotedName(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
