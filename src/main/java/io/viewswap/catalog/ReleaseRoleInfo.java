package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;
import java.util.Map;

/**
 * What the catalog says about a spec's {@code options.release_role} and the connected role's power
 * over it.
 *
 * @param role the release role's name
 * @param exists whether it exists (viewswap never creates it)
 * @param superuser whether the release role is a superuser (only a superuser may alter it)
 * @param canLogin whether it may log in
 * @param serverMajor e.g. 18: who may alter a role changed in 16
 * @param currentUser the connected role
 * @param currentSuperuser whether the connected role is a superuser
 * @param currentCreateRole whether the connected role has CREATEROLE
 * @param currentAdmin whether the connected role holds the release role WITH ADMIN OPTION
 * @param isCurrentUser whether the release role is the connected role (a role may set its own
 *     defaults)
 * @param schemaUsage for each schema the release role's search_path will name that exists: USAGE
 *     through membership (a transition schema expand will create is left out: expand grants USAGE
 *     on it to the table's grantees)
 * @param tableSelect for each table that keeps its name: SELECT through membership
 * @param sessions sessions of the release role connected to this database now
 */
public record ReleaseRoleInfo(
    String role,
    boolean exists,
    boolean superuser,
    boolean canLogin,
    int serverMajor,
    String currentUser,
    boolean currentSuperuser,
    boolean currentCreateRole,
    boolean currentAdmin,
    boolean isCurrentUser,
    Map<String, Boolean> schemaUsage,
    Map<QualifiedName, Boolean> tableSelect,
    long sessions) {

  public ReleaseRoleInfo {
    schemaUsage = Map.copyOf(schemaUsage);
    tableSelect = Map.copyOf(tableSelect);
  }

  /**
   * What the connected role lacks to run {@code ALTER ROLE role IN DATABASE db SET ...}, as the
   * server would put it, or empty when it may. PostgreSQL 14 and 15: superuser for a superuser
   * role, else CREATEROLE (or being the role). 16 on: CREATEROLE and ADMIN OPTION on the role.
   */
  public java.util.List<String> missingToAlter() {
    if (currentSuperuser || !exists) {
      return java.util.List.of();
    }
    if (superuser) {
      return java.util.List.of("SUPERUSER (" + role + " is a superuser role)");
    }
    if (isCurrentUser) {
      return java.util.List.of();
    }
    java.util.List<String> missing = new java.util.ArrayList<>();
    if (!currentCreateRole) {
      missing.add("CREATEROLE");
    }
    if (serverMajor >= 16 && !currentAdmin) {
      missing.add("ADMIN OPTION on " + role);
    }
    return missing;
  }
}
