package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.cli.Main;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The colours of the commands that need a database: apply's state change, drain's verdict. */
@ExtendWith(PostgresExtension.class)
class ColorIT {
  static final String ESC = "\u001b[";

  record Run(int code, String out, String err) {}

  static Run run(TestDatabase db, boolean terminal, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--url", db.url())).toArray(String[]::new);
    int code = Main.run(all, new PrintWriter(out), new PrintWriter(err), env, terminal);
    return new Run(code, out.toString(), err.toString());
  }

  static String spec(String example) {
    return ExportRunnersIT.PROJECT.resolve("specs/examples/" + example + ".yaml").toString();
  }

  @Test
  void applyPaintsTheStateChangeGreenUnlessNoColor(TestDatabase db) throws Exception {
    ExportRunnersIT.load(db, "customer-to-client");
    Run expand =
        run(
            db,
            false,
            Map.of(),
            "apply",
            spec("customer-to-client"),
            "--phase",
            "expand",
            "--color=always");
    assertThat(expand.code()).as("expand: %s%s", expand.out(), expand.err()).isZero();
    assertThat(expand.out())
        .as("the state change in green")
        .contains(ESC + "32mexpand: planned -> expanded");
    Run back =
        run(
            db,
            true,
            Map.of("NO_COLOR", "1"),
            "rollback",
            spec("customer-to-client"),
            "--phase",
            "expand");
    assertThat(back.code()).as("rollback: %s%s", back.out(), back.err()).isZero();
    assertThat(back.out())
        .as("NO_COLOR on a terminal: plain")
        .contains("expand rollback: expanded -> planned")
        .doesNotContain(ESC);
  }

  @Test
  void drainPaintsOldTrafficRed(TestDatabase db) throws Exception {
    ExportRunnersIT.load(db, "customer-to-client");
    run(db, false, Map.of(), "apply", spec("customer-to-client"), "--phase", "expand");
    try (Connection oldClient = DriverManager.getConnection(db.url())) {
      try (Statement st = oldClient.createStatement()) {
        // The session's last statement uses an old name.
        st.execute("select full_name from customer where id = 1");
      }
      Run r =
          run(
              db,
              true,
              Map.of(),
              "drain",
              spec("customer-to-client"),
              "--window",
              "500ms",
              "--interval",
              "100ms");
      assertThat(r.code()).as("old traffic: %s%s", r.out(), r.err()).isEqualTo(8);
      assertThat(r.out())
          .as("a terminal gets the verdict in red")
          .contains(ESC + "31mold-name traffic");
      assertThat(r.err()).as("progress on stderr is never coloured").doesNotContain(ESC);
    }
  }
}
