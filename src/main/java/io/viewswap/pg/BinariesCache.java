package io.viewswap.pg;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The unpacked binaries, cached once per jar under {@code <java.io.tmpdir>/viewswap-pg/<jar
 * name>/}: unpacked into a temporary sibling and renamed into place, so concurrent JVMs never see
 * half a tree, and readable by uid 65534 (which the server runs as when the JVM is root).
 */
final class BinariesCache {
  /** Serializes unpacking within this JVM; other JVMs are kept apart by the atomic rename. */
  private static final Object UNPACK_LOCK = new Object();

  private BinariesCache() {}

  /** Returns the cached binaries directory for the jar, unpacking it first if needed. */
  static Path unpack(Path binariesJar, PrintWriter out) throws IOException {
    String jarName = binariesJar.getFileName().toString();
    String name = jarName.endsWith(".jar") ? jarName.substring(0, jarName.length() - 4) : jarName;
    Path cacheRoot = Path.of(System.getProperty("java.io.tmpdir")).resolve("viewswap-pg");
    Path target = cacheRoot.resolve(name);
    synchronized (UNPACK_LOCK) {
      if (isComplete(target)) {
        return target;
      }
      Files.createDirectories(cacheRoot);
      try {
        Files.setPosixFilePermissions(cacheRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (IOException e) {
        // created by another user; it is theirs to keep readable
      }
      long t0 = System.nanoTime();
      out.println(
          "unpacking PostgreSQL "
              + BinariesJar.displayVersion(jarName)
              + " binaries to "
              + target
              + " (first run only)...");
      out.flush();
      Path staging = cacheRoot.resolve(name + ".tmp-" + UUID.randomUUID());
      try {
        Files.createDirectory(staging);
        extractTxz(binariesJar, staging);
        for (String prog : List.of("bin/initdb", "bin/pg_ctl", "bin/postgres")) {
          if (!Files.isExecutable(staging.resolve(prog))) {
            throw new IOException(binariesJar + " has no executable " + prog);
          }
        }
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) { // incomplete leftover (tmp cleaner?)
          Path broken = cacheRoot.resolve(name + ".broken-" + UUID.randomUUID());
          try {
            Files.move(target, broken, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(broken);
          } catch (IOException e) {
            // someone else is replacing it; the move below decides
          }
        }
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
          // another JVM won the race; use its copy
        }
      } finally {
        deleteTree(staging);
      }
      if (!isComplete(target)) {
        throw new IOException("unpacked PostgreSQL binaries are incomplete in " + target);
      }
      out.println("unpacked in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
      out.flush();
      return target;
    }
  }

  private static boolean isComplete(Path dir) {
    return Files.isExecutable(dir.resolve("bin/initdb"))
        && Files.isExecutable(dir.resolve("bin/pg_ctl"))
        && Files.isExecutable(dir.resolve("bin/postgres"))
        && Files.isDirectory(dir.resolve("share/postgresql"));
  }

  static void extractTxz(Path jar, Path dest) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry txz =
          zip.stream()
              .filter(e -> e.getName().endsWith(".txz"))
              .findFirst()
              .orElseThrow(() -> new IOException(jar + " holds no .txz archive"));
      List<Path> dirs = new ArrayList<>();
      try (InputStream raw = new BufferedInputStream(zip.getInputStream(txz), 1 << 16);
          XZInputStream xz = new XZInputStream(raw);
          TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path path = dest.resolve(entry.getName()).normalize();
          if (!path.startsWith(dest)) {
            throw new IOException("archive entry escapes the target directory: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(path);
            dirs.add(path);
            continue;
          }
          Files.createDirectories(path.getParent());
          if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
          } else if (entry.isLink()) {
            Path linked = dest.resolve(entry.getLinkName()).normalize();
            if (!linked.startsWith(dest)) {
              throw new IOException(
                  "archive hard link escapes the target directory: " + entry.getLinkName());
            }
            Files.createLink(path, linked);
          } else if (entry.isFile()) {
            Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(path, readableModeOf(entry.getMode(), false));
          }
          // devices, fifos: not in these archives; ignore
        }
      }
      for (Path d : dirs) {
        Files.setPosixFilePermissions(d, readableModeOf(0755, true));
      }
    }
  }

  /**
   * The entry's mode plus a+r, and a+x wherever anyone may execute (a+rX), so uid 65534 can use the
   * tree.
   */
  static Set<PosixFilePermission> readableModeOf(int mode, boolean directory) {
    int m = mode & 0777 | 0444 | 0200;
    if (directory || (mode & 0111) != 0) {
      m |= 0111;
    }
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_READ,
    };
    for (int bit = 0; bit < 9; bit++) {
      if ((m & (1 << bit)) != 0) {
        perms.add(order[bit]);
      }
    }
    return perms;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
        for (Path child : children) {
          deleteTree(child);
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    Files.deleteIfExists(root);
  }
}
