package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libpq password file format, as libpq reads it. */
class PasswordFileTest {
  @TempDir Path dir;

  @Test
  void theFirstMatchingLineWinsWithWildcardsAndEscapes() throws Exception {
    Path f = dir.resolve("pgpass");
    Files.writeString(
        f,
        "# comment\n"
            + "\n"
            + "db1:5432:app:owner:first\n"
            + "db1:5432:app:owner:second\n"
            + "db\\:2:*:*:owner:with\\:colon\\\\and:raw:colon\r\n"
            + "*:*:*:*:fallback\n");
    assertThat(PasswordFile.lookup(f, "db1", "5432", "app", "owner")).contains("first");
    assertThat(PasswordFile.lookup(f, "db:2", "6432", "other", "owner"))
        .contains("with:colon\\and:raw:colon");
    assertThat(PasswordFile.lookup(f, "db1", "5433", "app", "owner")).contains("fallback");
  }

  @Test
  void noFileNoLineOrNoVariableIsNoPassword() throws Exception {
    Path f = dir.resolve("pgpass");
    Files.writeString(f, "db1:5432:app:owner:pw\nshort:line\n");
    assertThat(PasswordFile.lookup(f, "db2", "5432", "app", "owner")).isEmpty();
    assertThat(PasswordFile.lookup(dir.resolve("missing"), "db1", "5432", "app", "owner"))
        .isEmpty();
    assertThat(PasswordFile.lookup(Map.of(), "db1", "5432", "app", "owner")).isEmpty();
    assertThat(
            PasswordFile.lookup(Map.of("PGPASSFILE", f.toString()), "db1", "5432", "app", "owner"))
        .contains("pw");
  }
}
