package io.viewswap.files;

import io.viewswap.api.ErrorCode;
import io.viewswap.api.ViewSwapException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way viewswap writes a file a user asked for ({@code export --out}, {@code snapshot
 * --out}, a fleet's export). The directory is created if missing and must be the user's own all the
 * way down (see {@link LocalOwnership}): a directory another user can write would let her edit
 * {@code 01-expand.sql} between the export and the DBA's run, or plant a symbolic link that makes
 * root overwrite a file of its choosing. Each file is created exclusively and never through a
 * symbolic link; an existing file is replaced only when the user said so ({@code --force}), and
 * even then a symbolic link or anything but a regular file is refused, not followed.
 *
 * <p>Every refusal is a {@link ViewSwapException} with {@link ErrorCode#USAGE} (exit 2): the path
 * given cannot be used as it is, and the message names it and says why.
 */
public final class OutputFiles {
  private final Path directory;
  private final boolean replace;

  private OutputFiles(Path directory, boolean replace) {
    this.directory = directory;
    this.replace = replace;
  }

  /**
   * The directory to write into, created (with every missing parent) if needed, after checking that
   * only the current user and root can change it and the directories on the way to it.
   *
   * @param replace whether existing regular files may be replaced ({@code --force})
   */
  public static OutputFiles in(Path directory, boolean replace) {
    Path dir = directory.toAbsolutePath().normalize();
    Path existing = dir;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    Optional<String> why;
    try {
      // Nothing is created inside a directory another user controls, so check before creating.
      why =
          existing == null || existing.equals(dir)
              ? Optional.empty()
              : LocalOwnership.whoElseCanReplaceIn(existing);
      if (why.isEmpty()) {
        createMissing(dir, directory);
        why = LocalOwnership.whoElseCanChange(dir);
      }
    } catch (IOException e) {
      throw cannot("use", directory, e);
    }
    if (why.isPresent()) {
      throw ViewSwapException.of(
          ErrorCode.USAGE,
          "refusing to write into "
              + directory
              + ": "
              + why.get()
              + ", so another user could change or replace what is written there",
          "write into a directory that only you (or root) can write, all the way down, e.g. one"
              + " made with `mkdir -m 700`");
    }
    return new OutputFiles(dir, replace);
  }

  /** The directory, absolute. */
  public Path directory() {
    return directory;
  }

  /**
   * Refuses, before anything is written, when one of these names exists and may not be replaced:
   * either all files are written, or none.
   */
  public void requireWritable(List<String> names) {
    List<String> present = new ArrayList<>();
    for (String name : names) {
      Path file = resolve(name);
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        if (!replace || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          present.add(file.toString());
        }
      }
    }
    if (!present.isEmpty()) {
      Path first = Path.of(present.get(0));
      throw refusedExisting(first, present.size());
    }
  }

  /**
   * Writes {@code content} (UTF-8) to a new file {@code name} in the directory and returns its
   * path.
   */
  public Path write(String name, String content) {
    Path file = resolve(name);
    if (replace && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.delete(file); // the directory is the user's own: nobody else can swap it in between
      } catch (IOException e) {
        throw cannot("replace", file, e);
      }
    }
    OpenOption[] options = {
      StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS
    };
    try (OutputStream out = Files.newOutputStream(file, options)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (FileAlreadyExistsException e) {
      throw refusedExisting(file, 1);
    } catch (IOException e) {
      throw cannot("write", file, e);
    }
    return file;
  }

  private Path resolve(String name) {
    Path file = directory.resolve(name).normalize();
    if (!directory.equals(file.getParent())) {
      throw new IllegalArgumentException("not a plain file name: " + name);
    }
    return file;
  }

  private ViewSwapException refusedExisting(Path file, int count) {
    boolean link = Files.isSymbolicLink(file);
    boolean regular = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    String what =
        link ? "is a symbolic link" : regular ? "already exists" : "exists and is not a file";
    return ViewSwapException.of(
        ErrorCode.USAGE,
        "refusing to write "
            + file
            + ": it "
            + what
            + (count > 1 ? " (and " + (count - 1) + " more of the files to write)" : ""),
        link || !regular
            ? "viewswap never writes through a link or over anything but a file; remove it, or"
                + " choose another --out"
            : "choose another --out, or pass --force to replace the files viewswap writes");
  }

  /** Creates each missing directory in turn, refusing a link or a file where a directory is. */
  private static void createMissing(Path dir, Path asGiven) {
    List<Path> missing = new ArrayList<>();
    Path p = dir;
    while (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      missing.add(0, p);
      p = p.getParent();
    }
    if (p != null && !Files.isDirectory(p)) {
      throw ViewSwapException.of(
          ErrorCode.USAGE,
          "cannot write into " + asGiven + ": " + p + " is not a directory",
          "choose another --out");
    }
    for (Path m : missing) {
      try {
        Files.createDirectory(m);
      } catch (FileAlreadyExistsException e) {
        // made meanwhile by someone: whose it is, the ownership check decides
      } catch (IOException e) {
        throw cannot("create the directory", m, e);
      }
    }
  }

  private static ViewSwapException cannot(String what, Path p, IOException e) {
    String reason =
        e instanceof AccessDeniedException
            ? "permission denied"
            : e instanceof NoSuchFileException
                ? "no such file or directory"
                : e instanceof NotDirectoryException
                    ? "not a directory"
                    : e instanceof FileSystemException f && f.getReason() != null
                        ? f.getReason()
                        : e.getClass().getSimpleName() + " " + e.getMessage();
    return ViewSwapException.of(
        ErrorCode.USAGE,
        "cannot " + what + " " + p + ": " + reason,
        "choose an --out where you can create files");
  }
}
