package io.viewswap.export;

import java.util.Objects;

/**
 * One file of an export.
 *
 * @param name the file name, without a directory
 * @param content its text, ending in a newline
 */
public record ExportedFile(String name, String content) {
  public ExportedFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    if (name.contains("/") || name.contains("\\")) {
      throw new IllegalArgumentException("an exported file name has no directory: " + name);
    }
  }
}
