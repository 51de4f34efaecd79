package io.viewswap.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files and texts of an embedded server that need no server: modes, links, the password. */
class ServerProcessTest {

  @TempDir Path dir;

  @Test
  void aPasswordFileIsNewReadableByTheServerOnlyAndNeverWrittenThroughALink() throws IOException {
    Path file = dir.resolve("replication.pass");
    ServerProcess.writeForServer(file, "secret\n", false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("r--------");

    // Another uid that could plant a link where the file goes gains nothing: the write refuses.
    Path target = Files.writeString(dir.resolve("target"), "theirs");
    Path planted = Files.createSymbolicLink(dir.resolve("planted.pass"), target);
    assertThatThrownBy(() -> ServerProcess.writeForServer(planted, "secret\n", false))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(target)).isEqualTo("theirs");
    assertThatThrownBy(() -> ServerProcess.writeNew(file, "again"))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void theSuperusersPasswordIsRandomAndShowsInNoTextMeantForPrinting() {
    SuperuserLogin a = SuperuserLogin.random();
    SuperuserLogin b = SuperuserLogin.random();
    String password = a.credentials().getProperty("password");
    assertThat(password).hasSize(32).doesNotContain(":", "\\", "\n", "&", "+", "/");
    assertThat(b.credentials().getProperty("password")).isNotEqualTo(password);
    assertThat(a.toString()).doesNotContain(password);
    assertThat(SuperuserLogin.plainUrl(5432, "my db"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/my%20db?user=postgres")
        .doesNotContain(password);
    assertThat(a.jdbcUrl(5432, "x")).endsWith("&password=" + password);
    assertThat(a.passfileLine("127.0.0.1", 5432))
        .isEqualTo("127.0.0.1:5432:*:postgres:" + password + "\n");
  }

  @Test
  void serverSettingsReplaceTheThrowawayDefaultsOfTheSameName() {
    List<String> cmd =
        ClusterInit.serverCommand(
            Path.of("/pg"),
            Path.of("/run/data"),
            5432,
            Path.of("/run/socket"),
            Map.of("synchronous_commit", "on"));
    assertThat(cmd)
        .startsWith("/pg/bin/postgres", "-D", "/run/data", "-p", "5432", "-h", "127.0.0.1")
        .contains("synchronous_commit=on", "fsync=off")
        .doesNotContain("synchronous_commit=off");
  }

  @Test
  void aLogTailKeepsTheLastLinesShortAndMakesControlCharactersVisible() {
    StringBuilder log = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      log.append("line ").append(i).append('\n');
    }
    log.append("evil \u001b[2J").append("x".repeat(400));
    String tail = ServerProcess.tail(log.toString());
    assertThat(tail.lines()).hasSize(30).first().isEqualTo("line 12");
    assertThat(tail).doesNotContain("\u001b").endsWith(" ...");
  }
}
