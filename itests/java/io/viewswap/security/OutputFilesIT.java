package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.cli.Main;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files viewswap writes for a DBA, with another local user (uid 65534) on the machine: the export
 * and the snapshot of a live database, run as root, into a directory she owns or can write, or
 * through a link she planted. Each attack first works against a plain write; then viewswap refuses
 * (exit 2, naming the path and why) and nothing of root's changes.
 */
@ExtendWith(PostgresExtension.class)
class OutputFilesIT {
  static final int NOBODY = 65534;

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Run(code, out.toString(), err.toString());
  }

  static int as(int uid, String... command) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  String spec(TestDatabase db) throws Exception {
    Path project = Path.of(System.getProperty("viewswap.project.dir", "."));
    db.exec(Files.readString(project.resolve("specs/examples/customer-to-client.schema.sql")));
    return project.resolve("specs/examples/customer-to-client.yaml").toString();
  }

  @Test
  void aDirectoryAnotherUserCanWriteIsRefusedForExportAndSnapshot(TestDatabase db)
      throws Exception {
    String spec = spec(db);
    new ProcessBuilder("chmod", "755", tmp.toString()).start().waitFor(); // others may reach it
    Path shared = tmp.resolve("shared");
    new ProcessBuilder("install", "-d", "-m", "1777", shared.toString()).start().waitFor();
    Path hers = shared.resolve("hers");
    assertThat(as(NOBODY, "mkdir", "-m", "755", hers.toString())).isZero();

    // The breakage: root writes the reviewed script into her directory, she replaces it.
    Path reviewed = hers.resolve("01-expand.sql");
    Files.writeString(reviewed, "BEGIN; -- as reviewed\n");
    Path forged = tmp.resolve("forged.sql");
    Files.writeString(forged, "BEGIN; ALTER ROLE attacker SUPERUSER;\n");
    Files.setPosixFilePermissions(
        forged, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    new ProcessBuilder("chmod", "755", tmp.toString()).start().waitFor();
    assertThat(
            as(
                NOBODY,
                "sh",
                "-c",
                "cp " + forged + " " + hers + "/x && mv -f " + hers + "/x " + reviewed))
        .isZero();
    assertThat(Files.readString(reviewed)).contains("SUPERUSER");
    Files.delete(reviewed);

    for (String[] args :
        List.of(
            new String[] {"export", spec, "--out", hers.toString(), "--url", db.url()},
            new String[] {
              "export",
              spec,
              "--format",
              "flyway",
              "--out",
              hers.resolve("sub").toString(),
              "--url",
              db.url()
            },
            new String[] {
              "snapshot", spec, "--out", hers.resolve("c.json").toString(), "--url", db.url()
            },
            new String[] {
              "export", spec, "--out", shared.toString(), "--url", db.url(), "--force"
            })) {
      Run r = cli(args);
      assertThat(r.code()).as("%s", r).isEqualTo(2);
      assertThat(r.err()).contains("refusing to write into").contains("another user could change");
    }
    try (var left = Files.list(hers)) {
      assertThat(left.toList()).as("nothing written there").isEmpty();
    }
  }

  @Test
  void aPlantedLinkNeverMakesRootOverwriteAFile(TestDatabase db) throws Exception {
    String spec = spec(db);
    Path rootOnly = Files.writeString(tmp.resolve("root-only"), "root's\n");
    Path out = Files.createDirectory(tmp.resolve("out"));
    Files.createSymbolicLink(out.resolve("02-swap.sql"), rootOnly);
    Files.createSymbolicLink(out.resolve("catalog.json"), rootOnly);
    // The breakage: a plain write, as export and snapshot did, goes through the link.
    Files.writeString(out.resolve("02-swap.sql"), "clobbered\n");
    assertThat(Files.readString(rootOnly)).isEqualTo("clobbered\n");
    Files.writeString(rootOnly, "root's\n");

    for (String[] args :
        List.of(
            new String[] {"export", spec, "--out", out.toString(), "--url", db.url()},
            new String[] {"export", spec, "--out", out.toString(), "--url", db.url(), "--force"},
            new String[] {
              "snapshot", spec, "--out", out.resolve("catalog.json").toString(), "--url", db.url()
            },
            new String[] {
              "snapshot",
              spec,
              "--out",
              out.resolve("catalog.json").toString(),
              "--url",
              db.url(),
              "--force"
            })) {
      Run r = cli(args);
      assertThat(r.code()).as("%s", r).isEqualTo(2);
      assertThat(r.err()).contains("is a symbolic link");
    }
    assertThat(Files.readString(rootOnly)).isEqualTo("root's\n");
    assertThat(Files.exists(out.resolve("01-expand.sql"), LinkOption.NOFOLLOW_LINKS))
        .as("all or nothing: no file was written")
        .isFalse();

    Run fine = cli("export", spec, "--out", tmp.resolve("fresh").toString(), "--url", db.url());
    assertThat(fine.code()).as("%s", fine).isZero();
    Run again = cli("export", spec, "--out", tmp.resolve("fresh").toString(), "--url", db.url());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already exists").contains("--force");
    Run bad = cli("export", spec, "--out", "/proc/nope", "--url", db.url());
    assertThat(bad.code()).as("%s", bad).isEqualTo(2);
    assertThat(bad.err()).contains("/proc/nope").doesNotContain("bug");
  }
}
