package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Passwords never leave the CLI, whatever prints them (the real pgJDBC and picocli messages are in
 * CliOfflineTest).
 */
class RedactorTest {
  private final Redactor shapes = Redactor.of(new String[0], Map.of());

  @Test
  void everyShapeOfAPasswordIsMasked() {
    assertThat(shapes.redact("jdbc:postgresql://h/db?user=a&password=s3cr%26t&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
    assertThat(shapes.redact("host=h password='it''s a \\'secret' dbname=d"))
        .isEqualTo("host=h password=*** dbname=d");
    assertThat(shapes.redact("host=h password = hunter2 dbname=d"))
        .isEqualTo("host=h password = *** dbname=d");
    assertThat(shapes.redact("PGPASSWORD=hunter2")).isEqualTo("PGPASSWORD=***");
    assertThat(shapes.redact("postgresql://app:hunter2@db:5432/x"))
        .isEqualTo("postgresql://app:***@db:5432/x");
    assertThat(shapes.redact("{\"password\": \"hu\\\"nter\", \"url\": \"x?password=a\"}"))
        .isEqualTo("{\"password\": \"***\", \"url\": \"x?password=***\"}");
    assertThat(shapes.redact("jdbc:postgresql://h:5432/db"))
        .isEqualTo("jdbc:postgresql://h:5432/db");
  }

  @Test
  void knownPasswordsAreMaskedWhereverTheyAppear() {
    Redactor r =
        Redactor.of(
            new String[] {"--url", "jdbc:postgresql://h/db?password=Tr0ub4dor%263"},
            Map.of("PGPASSWORD", "correct horse"));
    assertThat(
            r.redact("FATAL: password authentication failed, tried Tr0ub4dor&3 and correct horse"))
        .isEqualTo("FATAL: password authentication failed, tried *** and ***");
    assertThat(Redactor.of(new String[0], Map.of("PGPASSWORD", "test")).redact("database test"))
        .as("short values are left to the shapes, or every ordinary word would go")
        .isEqualTo("database test");
  }

  @Test
  void aPasswordWithASpaceQuoteOrSemicolonIsKnownWhole() {
    String url = "jdbc:postgresql://h/db?user=a&password=pa ss;wo'rd\"x";
    String message = "cannot connect with " + url + " (pa ss;wo'rd\"x)";
    // The breakage: by shape alone the value ends at the first space, and the rest is printed.
    assertThat(shapes.redact(message)).contains(" ss;wo'rd");
    Redactor r = Redactor.of(new String[] {"status", "--url", url}, Map.of());
    assertThat(r.redact(message)).doesNotContain("pa ss").doesNotContain("ss;wo").contains("***");
    Redactor keyword = Redactor.of(new String[] {"--url=host=h password='a b;c\\'d'"}, Map.of());
    assertThat(keyword.redact("tried a b;c'd on h")).isEqualTo("tried *** on h");
    Redactor shortOne = Redactor.of(new String[] {"--url", "postgresql://u:a%20b@h/d"}, Map.of());
    assertThat(shortOne.redact("postgresql://u:a b@h/d password=a b"))
        .doesNotContain("a b@")
        .doesNotContain("=a b");
  }

  @Test
  void theWrappedWriterRedactsWholeLinesAndWhatIsPendingAtAFlush() {
    StringWriter sink = new StringWriter();
    PrintWriter w = shapes.wrap(new PrintWriter(sink));
    w.print("url jdbc:x?pass");
    w.print("word=abc\nnext ");
    w.print("password=xyz");
    w.flush();
    assertThat(sink.toString()).isEqualTo("url jdbc:x?password=***\nnext password=***");
  }
}
