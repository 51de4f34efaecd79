package io.viewswap.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A schema that a spec touches.
 *
 * @param name the schema
 * @param owner its owner
 * @param comment its comment; viewswap marks the transition schemas it creates here, for people
 *     (the mark proves nothing: anyone who owns a schema may comment on it)
 * @param recorded whether viewswap's state records it as a transition schema viewswap created: by
 *     oid, or, once a restore or pg_upgrade gave it a new oid, by its name, owner and the mark in
 *     its comment together (see sql-templates/catalog/transition-schemas.sql)
 * @param untrusted why the connected role cannot trust it (owners and rights of others), empty when
 *     it can
 */
public record SchemaInfo(
    String name, String owner, Optional<String> comment, boolean recorded, List<String> untrusted) {
  /** Prefix of the comment on transition schemas viewswap created. */
  public static final String MARK = "viewswap transition schema";

  public SchemaInfo {
    comment = comment == null ? Optional.empty() : comment;
    untrusted = untrusted == null ? List.of() : List.copyOf(untrusted);
  }

  /**
   * Whether viewswap may put views in it and grant on it: it created it (recorded by oid in its
   * state, not merely commented) and nobody the connected role does not trust owns it or anything
   * in it, or may create in it.
   */
  public boolean usableAsTransitionSchema() {
    return recorded && untrusted.isEmpty();
  }
}
