package io.viewswap.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who besides the current user can change a path. A directory is the user's own when it is owned by
 * the user or by root and neither its group nor others may write in it; a directory on the way to
 * it may also be a sticky one owned by root (such as {@code /tmp}), where others may add entries
 * but never rename or remove the user's. Both the path as given and the path its symbolic links
 * lead to are checked: a link in a directory another user can write may be pointed elsewhere at any
 * moment.
 */
public final class LocalOwnership {
  static final int STICKY = 01000;
  static final int GROUP_OR_OTHER_WRITE = 0022;

  private LocalOwnership() {}

  /** The effective uid of this process, from {@code /proc/self} (-1 if it cannot be read). */
  public static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The owner's uid of a path, not following a final symbolic link. */
  public static int ownerOf(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  /** The mode bits of a path (permissions with setuid, setgid and sticky), not following links. */
  public static int modeOf(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  /**
   * Why another local user could change {@code dir} or what is in it, or empty when only the
   * current user and root can. {@code dir} must exist; every directory above it may be sticky and
   * owned by root, {@code dir} itself may not.
   */
  public static Optional<String> whoElseCanChange(Path dir) throws IOException {
    return whoElseCanChange(dir, false);
  }

  /**
   * Why another local user could rename, replace or remove what this user makes in {@code parent},
   * or empty when nobody can: like {@link #whoElseCanChange(Path)}, but {@code parent} itself may
   * be a sticky directory of root's, such as {@code /tmp}.
   */
  public static Optional<String> whoElseCanReplaceIn(Path parent) throws IOException {
    return whoElseCanChange(parent, true);
  }

  private static Optional<String> whoElseCanChange(Path dir, boolean stickyDir) throws IOException {
    int me = currentUid();
    Path absolute = dir.toAbsolutePath().normalize();
    Path real = absolute.toRealPath();
    List<Path> chain = new ArrayList<>();
    for (Path p = absolute; p != null; p = p.getParent()) {
      chain.add(p);
    }
    if (!real.equals(absolute)) {
      for (Path p = real; p != null; p = p.getParent()) {
        chain.add(p);
      }
    }
    for (Path p : chain) {
      boolean theDirectoryItself = !stickyDir && (p.equals(absolute) || p.equals(real));
      Optional<String> why;
      try {
        why = problem(p, me, theDirectoryItself);
      } catch (NoSuchFileException e) {
        continue; // a lexical prefix that is itself only reached through a link: the real chain
      }
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> problem(Path p, int me, boolean theDirectoryItself)
      throws IOException {
    if (Files.isSymbolicLink(p)) {
      return Optional.empty(); // the directory holding it is checked, and so is where it leads
    }
    int owner = ownerOf(p);
    int mode = modeOf(p);
    if (owner != me && owner != 0) {
      return Optional.of(
          p + " belongs to uid " + owner + ", another user (you are uid " + me + ")");
    }
    if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
      boolean stickyRootDir = (mode & STICKY) != 0 && owner == 0 && !theDirectoryItself;
      if (!stickyRootDir) {
        return Optional.of(
            p
                + " can be written by "
                + ((mode & 0002) != 0 ? "every user" : "its group")
                + " (mode "
                + String.format(Locale.ROOT, "%04o", mode)
                + ")");
      }
    }
    return Optional.empty();
  }
}
