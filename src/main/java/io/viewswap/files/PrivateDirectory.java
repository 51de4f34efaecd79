package io.viewswap.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A directory that is the current user's alone: owned by the user, of exactly the mode asked for
 * (0700, or 0711 where a process of another uid must reach a known name inside without being able
 * to list or change anything), not a symbolic link, and reached only through directories no other
 * user can change. What such a directory holds was put there by the user (or root) and nobody else.
 */
public final class PrivateDirectory {
  private PrivateDirectory() {}

  /**
   * Creates {@code dir} with {@code mode} if it does not exist, then verifies it.
   *
   * @throws IOException naming what is wrong when it exists but is not private as asked (another
   *     user made it first, it is a link, its mode differs) or cannot be created
   */
  public static Path ensure(Path dir, int mode) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    requireTrustedParent(parent);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, permissions(mode));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // made meanwhile: verified below like any other
      }
    }
    verify(dir, mode);
    return dir;
  }

  /** A new directory with a random name in {@code parent}, of {@code mode}, verified. */
  public static Path createFresh(Path parent, String prefix, int mode) throws IOException {
    requireTrustedParent(parent);
    Path dir = Files.createTempDirectory(parent, prefix); // 0700 from the start, name unguessable
    Files.setPosixFilePermissions(dir, permissions(mode));
    verify(dir, mode);
    return dir;
  }

  /** Why {@code dir} is not private with {@code mode}, or empty when it is. */
  public static Optional<String> problem(Path dir, int mode) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      return Optional.of(dir + " is a symbolic link");
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(dir + " is not a directory");
    }
    int owner = LocalOwnership.ownerOf(dir);
    int me = LocalOwnership.currentUid();
    if (owner != me) {
      return Optional.of(dir + " belongs to uid " + owner + ", not to this user (uid " + me + ")");
    }
    int actual = LocalOwnership.modeOf(dir);
    if (actual != mode) {
      return Optional.of(
          dir
              + " has mode "
              + String.format(Locale.ROOT, "%04o", actual)
              + ", not "
              + String.format(Locale.ROOT, "%04o", mode));
    }
    return LocalOwnership.whoElseCanChange(dir);
  }

  private static void verify(Path dir, int mode) throws IOException {
    Optional<String> why = problem(dir, mode);
    if (why.isPresent()) {
      throw new IOException(why.get());
    }
  }

  private static void requireTrustedParent(Path parent) throws IOException {
    Optional<String> why = LocalOwnership.whoElseCanReplaceIn(parent);
    if (why.isPresent()) {
      throw new IOException("cannot keep a private directory in " + parent + ": " + why.get());
    }
  }

  /** The permission set of a mode's lower nine bits. */
  public static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] byBit = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ,
    };
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(byBit[bit]);
      }
    }
    return perms;
  }
}
