package io.viewswap.export;

import java.util.List;
import java.util.Map;

/**
 * What a framework export must not collide with: the migrations already in the output directory.
 *
 * @param fileNames the names of the regular files in the directory
 * @param pythonSources the text of its {@code .py} files by name (read for Alembic, whose chain is
 *     in the files); empty where the format needs only the names
 */
public record MigrationDirectory(List<String> fileNames, Map<String, String> pythonSources) {
  public static final MigrationDirectory EMPTY = new MigrationDirectory(List.of(), Map.of());

  public MigrationDirectory {
    fileNames = List.copyOf(fileNames);
    pythonSources = Map.copyOf(pythonSources);
  }
}
