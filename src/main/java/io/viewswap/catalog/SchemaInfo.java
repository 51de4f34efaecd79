package io.viewswap.catalog;

import java.util.Optional;

/**
 * A schema that a spec touches.
 *
 * @param name the schema
 * @param owner its owner
 * @param comment its comment; viewswap marks the transition schemas it creates here
 */
public record SchemaInfo(String name, String owner, Optional<String> comment) {
  /** Prefix of the comment on transition schemas viewswap created, so it only ever drops its own. */
  public static final String MARK = "viewswap transition schema";

  public boolean createdByViewswap() {
    return comment.map(c -> c.startsWith(MARK)).orElse(false);
  }
}
