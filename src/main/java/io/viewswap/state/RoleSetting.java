package io.viewswap.state;

import java.util.Optional;

/**
 * The release role's search_path in this database as viewswap last set it, and as it is now.
 *
 * @param role the release role
 * @param database the database the setting is for
 * @param recorded what expand set, when a viewswap setting is in force (its last change is a set)
 * @param current what pg_db_role_setting holds now; empty when the role has none here
 */
public record RoleSetting(
    String role, String database, Optional<String> recorded, Optional<String> current) {

  /** Whether viewswap's setting is in force but the server's differs: lost or changed. */
  public boolean lost() {
    return recorded.isPresent() && !recorded.equals(current);
  }
}
