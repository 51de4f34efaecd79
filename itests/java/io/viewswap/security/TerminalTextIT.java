package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.security.Attack.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack: names in the catalog reach the DBA's terminal. A role that may create a function that
 * reads the table (any role with CREATE in a schema) names it with a terminal escape sequence: OSC
 * 0 retitles the window, CSI 2J clears the screen, and others write the clipboard. viewswap quotes
 * such a name in its findings; it must print the sequence's characters visibly, never the sequence
 * itself.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class TerminalTextIT {
  @TempDir Path dir;

  private static final String ESC = "\u001b";

  @Test
  void aFunctionNamedWithATerminalEscapeIsPrintedVisibly(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    String evil = "report" + ESC + "]0;pwned" + "\u0007" + ESC + "[2J" + "\u202e";
    // Functions that name the table in their bodies: check reports each by name, since a rename
    // breaks them.
    db.exec(
        "create function public.\""
            + evil
            + "\"() returns bigint language sql as $$ select count(*) from public.customer $$;"
            + "create function public.\"line\nerror: fake\"() returns bigint language sql"
            + " as $$ select count(*) from public.customer $$");
    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);
    Run check = Attack.cli(db.url(), "check", spec.toString());
    assertThat(check.all()).as("the view is named: %s", check).contains("report");
    assertThat(check.all())
        .as("no escape, bell or bidi override reaches the terminal")
        .doesNotContain(ESC)
        .doesNotContain("\u0007")
        .doesNotContain("\u202e")
        .contains("report\\u001b]0;pwned\\u0007\\u001b[2J\\u202e");
    assertThat(check.all())
        .as("a newline in a name does not start a line of its own")
        .doesNotContain("\nerror: fake")
        .contains("line\\u000aerror: fake");
  }
}
