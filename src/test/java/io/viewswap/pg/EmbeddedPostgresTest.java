package io.viewswap.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** The parts of EmbeddedPostgres that need no server: finding the jar, unpacking, modes. */
class EmbeddedPostgresTest {

  @TempDir Path dir;

  @Test
  void findBinariesPicksTheHighestVersionOfTheMajorNumerically() throws IOException {
    for (String v : new String[] {"14.9.0", "14.19.0", "15.14.0", "18.1.0"}) {
      Files.createFile(dir.resolve(BinariesJar.JAR_PREFIX + v + ".jar"));
    }
    Files.createFile(dir.resolve("notes.txt"));
    assertThat(BinariesJar.find(dir, 14).getFileName().toString())
        .isEqualTo(BinariesJar.JAR_PREFIX + "14.19.0.jar");
    assertThat(BinariesJar.find(dir, 18).getFileName().toString())
        .isEqualTo(BinariesJar.JAR_PREFIX + "18.1.0.jar");
  }

  @Test
  void findBinariesListsWhatItFoundWhenTheMajorIsMissing() throws IOException {
    Files.createFile(dir.resolve(BinariesJar.JAR_PREFIX + "18.1.0.jar"));
    Files.createFile(dir.resolve(BinariesJar.JAR_PREFIX + "1.1.0.jar")); // major 1, not 14..18
    assertThatThrownBy(() -> BinariesJar.find(dir, 16))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no PostgreSQL 16 binaries")
        .hasMessageContaining(BinariesJar.JAR_PREFIX + "18.1.0.jar")
        .hasMessageContaining("-Dpg.major=16");
    assertThatThrownBy(() -> BinariesJar.find(dir.resolve("missing"), 18))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void displayVersionDropsTheZonkyPatchDigit() {
    assertThat(BinariesJar.displayVersion(BinariesJar.JAR_PREFIX + "14.19.0.jar"))
        .isEqualTo("14.19");
    assertThat(BinariesJar.displayVersion("other.jar")).isEqualTo("other.jar");
  }

  @Test
  void modesBecomeReadableAndExecutableByEveryoneWhereAnyoneCouldExecute() {
    assertThat(PosixFilePermissions.toString(BinariesCache.readableModeOf(0700, false)))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(BinariesCache.readableModeOf(0600, false)))
        .isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(BinariesCache.readableModeOf(0700, true)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void extractKeepsExecutableBitsSymlinksAndHardLinks() throws IOException {
    Path jar = dir.resolve("bins.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("postgres-linux-x86_64.txz"));
      OutputStream noClose =
          new java.io.FilterOutputStream(zip) {
            @Override
            public void close() throws IOException {
              flush();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
            }
          };
      try (TarArchiveOutputStream tar =
          new TarArchiveOutputStream(new XZOutputStream(noClose, new LZMA2Options()))) {
        TarArchiveEntry bin = new TarArchiveEntry("bin/", TarArchiveEntry.LF_DIR);
        bin.setMode(0700);
        tar.putArchiveEntry(bin);
        tar.closeArchiveEntry();
        byte[] script = "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry exe = new TarArchiveEntry("bin/initdb");
        exe.setMode(0700);
        exe.setSize(script.length);
        tar.putArchiveEntry(exe);
        tar.write(script);
        tar.closeArchiveEntry();
        byte[] lib = "lib".getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry so = new TarArchiveEntry("lib/libx.so.1.2");
        so.setMode(0600);
        so.setSize(lib.length);
        tar.putArchiveEntry(so);
        tar.write(lib);
        tar.closeArchiveEntry();
        TarArchiveEntry link = new TarArchiveEntry("lib/libx.so.1", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("libx.so.1.2");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
        TarArchiveEntry hard = new TarArchiveEntry("bin/pg_ctl", TarArchiveEntry.LF_LINK);
        hard.setLinkName("bin/initdb");
        tar.putArchiveEntry(hard);
        tar.closeArchiveEntry();
      }
      zip.closeEntry();
    }
    Path out = Files.createDirectory(dir.resolve("out"));
    BinariesCache.extractTxz(jar, out);

    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin/initdb"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out.resolve("lib/libx.so.1.2"))))
        .isEqualTo("rw-r--r--");
    assertThat(Files.isSymbolicLink(out.resolve("lib/libx.so.1"))).isTrue();
    assertThat(Files.readSymbolicLink(out.resolve("lib/libx.so.1")))
        .isEqualTo(Path.of("libx.so.1.2"));
    assertThat(Files.readString(out.resolve("lib/libx.so.1"))).isEqualTo("lib");
    assertThat(Files.isSameFile(out.resolve("bin/pg_ctl"), out.resolve("bin/initdb"))).isTrue();
  }

  @Test
  void extractRefusesEntriesOutsideTheTarget() throws IOException {
    Path jar = dir.resolve("evil.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("postgres-linux-x86_64.txz"));
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (TarArchiveOutputStream tar =
          new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options()))) {
        TarArchiveEntry e = new TarArchiveEntry("../escape");
        e.setSize(0);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      zip.write(bytes.toByteArray());
      zip.closeEntry();
    }
    Path out = Files.createDirectory(dir.resolve("out"));
    assertThatThrownBy(() -> BinariesCache.extractTxz(jar, out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("escapes");
    assertThat(dir.resolve("escape")).doesNotExist();
  }
}
