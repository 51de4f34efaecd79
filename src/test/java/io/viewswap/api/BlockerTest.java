package io.viewswap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Whoever holds the lock chooses its role name, application name and query text; the report shows
 * them on one line and lets no terminal escape or bidi override through.
 */
class BlockerTest {
  @Test
  void namesAndQueryChosenByTheBlockerCannotDriveTheTerminal() {
    Blocker b =
        new Blocker(
            4711,
            "evil\u001b[2J",
            "app\u202Egnp.exe\r\nfake line",
            "10.0.0.7",
            "idle in transaction",
            Optional.of(1200L),
            Optional.empty(),
            "select 1\u0007;\nselect 2");
    String line = b.describe();
    assertThat(line).doesNotContain("\u001b", "\u202E", "\u0007", "\r", "\n");
    assertThat(line)
        .contains("user evil\\u001b[2J")
        .contains("application \"app\\u202egnp.exe ...\"")
        .endsWith(": select 1\\u0007; ...");
  }
}
