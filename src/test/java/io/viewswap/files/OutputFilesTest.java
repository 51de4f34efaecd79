package io.viewswap.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.api.ErrorCode;
import io.viewswap.api.ViewSwapException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a file viewswap writes can land, with another local user (uid 65534, made owner with chown
 * as root) in the picture. Each case first does what a plain write does, then what viewswap does.
 */
class OutputFilesTest {
  static final int OTHER = 65534;

  @TempDir Path dir;

  @BeforeEach
  void runsAsRoot() {
    assertThat(LocalOwnership.currentUid())
        .as("these tests plant files as another uid, which needs root (as CI runs)")
        .isZero();
  }

  static void chown(Path p, int uid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
  }

  static void chmod(String mode, Path p) throws IOException {
    try {
      assertThat(new ProcessBuilder("chmod", mode, p.toString()).start().waitFor()).isZero();
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }

  static ErrorCode code(Runnable r) {
    try {
      r.run();
    } catch (ViewSwapException e) {
      return e.code();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void aPlantedLinkIsNeverFollowedEvenWithForce() throws IOException {
    Path rootOnly = dir.resolve("shadow");
    Files.writeString(rootOnly, "root's secret\n");
    Path out = Files.createDirectory(dir.resolve("out"));
    Path planted = Files.createSymbolicLink(out.resolve("01-expand.sql"), rootOnly);

    // The breakage: a plain write, as export did, goes through the link and rewrites the target.
    Files.writeString(planted, "-- attacker's text\n", StandardCharsets.UTF_8);
    assertThat(Files.readString(rootOnly)).isEqualTo("-- attacker's text\n");
    Files.writeString(rootOnly, "root's secret\n");

    for (boolean force : List.of(false, true)) {
      OutputFiles files = OutputFiles.in(out, force);
      assertThatThrownBy(() -> files.requireWritable(List.of("01-expand.sql")))
          .isInstanceOf(ViewSwapException.class)
          .hasMessageContaining("is a symbolic link");
      assertThatThrownBy(() -> files.write("01-expand.sql", "BEGIN;"))
          .isInstanceOf(ViewSwapException.class)
          .hasMessageContaining("is a symbolic link");
      assertThat(code(() -> files.write("01-expand.sql", "BEGIN;"))).isEqualTo(ErrorCode.USAGE);
    }
    assertThat(Files.readString(rootOnly)).isEqualTo("root's secret\n");
    assertThat(Files.isSymbolicLink(planted)).isTrue();
  }

  @Test
  void aDirectoryOfAnotherUserIsRefused() throws IOException {
    Path hers = Files.createDirectory(dir.resolve("hers"));
    chown(hers, OTHER);
    // The breakage: what is written there, its owner can rewrite before the DBA runs it.
    Files.writeString(hers.resolve("01-expand.sql"), "BEGIN; -- reviewed\n");
    assertThat(LocalOwnership.ownerOf(hers)).isEqualTo(OTHER);

    assertThatThrownBy(() -> OutputFiles.in(hers, false))
        .isInstanceOf(ViewSwapException.class)
        .hasMessageContaining("refusing to write into " + hers)
        .hasMessageContaining("belongs to uid " + OTHER);
    // and a directory of root's own below hers: she can rename it away and put hers in its place
    Path below = Files.createDirectory(hers.resolve("mine"));
    assertThat(code(() -> OutputFiles.in(below, false))).isEqualTo(ErrorCode.USAGE);
    assertThat(code(() -> OutputFiles.in(hers.resolve("new/deeper"), false)))
        .isEqualTo(ErrorCode.USAGE);
  }

  @Test
  void aDirectoryOthersCanWriteIsRefusedButAStickyRootParentIsFine() throws IOException {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PrivateDirectory.permissions(0777));
    assertThatThrownBy(() -> OutputFiles.in(shared, false))
        .isInstanceOf(ViewSwapException.class)
        .hasMessageContaining("can be written by every user");
    Path group = Files.createDirectory(dir.resolve("group"));
    Files.setPosixFilePermissions(group, PrivateDirectory.permissions(0775));
    assertThatThrownBy(() -> OutputFiles.in(group, false))
        .hasMessageContaining("can be written by its group");
    chmod("1777", shared);
    // Like /tmp: others may add names, never rename or remove root's; a dir of root's inside is
    // fine.
    Path mine = OutputFiles.in(shared.resolve("mine"), false).directory();
    assertThat(LocalOwnership.ownerOf(mine)).isZero();
    assertThat(code(() -> OutputFiles.in(shared, false))).isEqualTo(ErrorCode.USAGE);
  }

  @Test
  void filesAreNewUnlessForcedAndThenReplacedNotAppended() throws IOException {
    OutputFiles files = OutputFiles.in(dir.resolve("a/b"), false);
    Path written = files.write("01-expand.sql", "one");
    assertThat(Files.readString(written)).isEqualTo("one");
    assertThatThrownBy(() -> files.requireWritable(List.of("x.sql", "01-expand.sql")))
        .hasMessageContaining("already exists");
    assertThat(code(() -> files.write("01-expand.sql", "two"))).isEqualTo(ErrorCode.USAGE);
    OutputFiles forced = OutputFiles.in(dir.resolve("a/b"), true);
    forced.requireWritable(List.of("01-expand.sql"));
    forced.write("01-expand.sql", "two");
    assertThat(Files.readString(written)).isEqualTo("two");
  }

  @Test
  void aPathThatCannotBeMadeIsAUserMessage() {
    assertThatThrownBy(() -> OutputFiles.in(Path.of("/proc/nope"), false))
        .isInstanceOf(ViewSwapException.class)
        .hasMessageContaining("cannot create the directory /proc/nope")
        .satisfies(e -> assertThat(((ViewSwapException) e).code()).isEqualTo(ErrorCode.USAGE));
    Path file = dir.resolve("file");
    assertThatThrownBy(
            () -> {
              Files.writeString(file, "x");
              OutputFiles.in(file.resolve("sub"), false);
            })
        .hasMessageContaining(file + " is not a directory");
  }

  @Test
  void aPrivateDirectoryOfAnotherUserOrOfAnotherModeIsNotPrivate() throws IOException {
    Path squatted = Files.createDirectory(dir.resolve("viewswap-pg-0"));
    Files.setPosixFilePermissions(squatted, PrivateDirectory.permissions(0700));
    chown(squatted, OTHER);
    assertThatThrownBy(() -> PrivateDirectory.ensure(squatted, 0700))
        .hasMessageContaining("belongs to uid " + OTHER);
    Path loose = Files.createDirectory(dir.resolve("loose"));
    Files.setPosixFilePermissions(loose, PrivateDirectory.permissions(0755));
    assertThatThrownBy(() -> PrivateDirectory.ensure(loose, 0700)).hasMessageContaining("0755");
    Path link = Files.createSymbolicLink(dir.resolve("link"), loose);
    assertThatThrownBy(() -> PrivateDirectory.ensure(link, 0755))
        .hasMessageContaining("symbolic link");
    Path fresh = PrivateDirectory.ensure(dir.resolve("fresh"), 0711);
    assertThat(LocalOwnership.modeOf(fresh)).isEqualTo(0711);
  }
}
