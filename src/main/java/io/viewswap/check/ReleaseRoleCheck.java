package io.viewswap.check;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.ReleaseRoleInfo;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The application side of tables that keep their name: new code reaches their view through its
 * search_path. With {@code options.release_role}, viewswap sets that role's search_path in the
 * database, which works behind any connection pooler; this refuses a run that would fail half-way
 * or leave the new release unable to read, before anything changes. Without it, it warns that the
 * client must set the search_path itself, which transaction-pooling poolers refuse.
 */
public final class ReleaseRoleCheck implements SpecRule {

  @Override
  public List<Finding> find(CheckContext ctx) {
    return check(ctx.spec(), ctx.releaseRole(), ctx.state(), ctx.direction());
  }

  /**
   * @param role what the catalog says about the release role; empty when the spec has none, or when
   *     planning offline (no server to ask)
   */
  public List<Finding> check(
      Spec spec, Optional<ReleaseRoleInfo> role, State state, Direction direction) {
    List<Finding> out = new ArrayList<>();
    if (!spec.hasColumnOnlyRenames()) {
      return out;
    }
    boolean gate = CheckContext.expanding(state, direction);
    Optional<String> name = spec.options().releaseRole();
    if (name.isEmpty()) {
      if (gate) {
        TableRename first =
            spec.renames().stream().filter(r -> !r.renamesTable()).findFirst().orElseThrow();
        out.add(
            finding(
                spec,
                Severity.WARNING,
                FindingCode.NO_RELEASE_ROLE,
                first.position(),
                first.table()
                    + " keeps its name, so new code must put "
                    + spec.transitionSchemaFor(first)
                    + " first on its search_path; a transaction-pooling pooler (PgBouncer, RDS Proxy, Supavisor)"
                    + " refuses a search_path set by the client, and a session SET leaks to other clients",
                "behind such a pooler, give the new release its own login role and name it in"
                    + " options.release_role: viewswap then sets that role's search_path in the database"));
      }
      return out;
    }
    if (role.isEmpty()) {
      return out;
    }
    ReleaseRoleInfo info = role.get();
    Position at = spec.options().releaseRoleAt();
    String r = Identifiers.display(info.role());
    // The role's search_path is set when the transition starts and restored when it ends.
    boolean sets = RenameGeometry.entersTransition(state, direction);
    boolean touches = sets || RenameGeometry.leavesTransition(state, direction);
    if (!info.exists()) {
      if (sets) {
        out.add(
            finding(
                spec,
                Severity.BLOCKER,
                FindingCode.RELEASE_ROLE_MISSING,
                at,
                "release role " + r + " does not exist",
                "viewswap never creates roles: CREATE ROLE "
                    + r
                    + " LOGIN; GRANT <the application's role> TO "
                    + r
                    + "; or fix options.release_role"));
      }
      return out;
    }
    List<String> missing = info.missingToAlter();
    if (touches && !missing.isEmpty()) {
      out.add(
          finding(
              spec,
              Severity.BLOCKER,
              FindingCode.RELEASE_ROLE_NOT_ALTERABLE,
              at,
              "connected as "
                  + Identifiers.display(info.currentUser())
                  + ", which may not run ALTER ROLE "
                  + r
                  + " IN DATABASE ... SET search_path: it lacks "
                  + String.join(" and ", missing),
              alterHint(info, missing)));
    }
    if (gate && info.superuser()) {
      // Its sessions would resolve unqualified names through the transition schema, which the table
      // owner
      // owns: whatever that role puts there would run with superuser rights.
      out.add(
          finding(
              spec,
              Severity.BLOCKER,
              FindingCode.RELEASE_ROLE_SUPERUSER,
              at,
              "release role "
                  + r
                  + " is a superuser: its sessions would look up names first in "
                  + String.join(
                      ", ",
                      spec.renames().stream()
                          .filter(t -> !t.renamesTable())
                          .map(spec::transitionSchemaFor)
                          .distinct()
                          .toList())
                  + ", which the table owner controls",
              "connect the new release as an ordinary login role that holds the application's rights"));
    }
    if (gate) {
      info.tableSelect()
          .forEach(
              (table, ok) -> {
                if (!ok) {
                  out.add(
                      finding(
                          spec,
                          Severity.BLOCKER,
                          FindingCode.RELEASE_ROLE_NO_ACCESS,
                          at,
                          "release role "
                              + r
                              + " has no SELECT on "
                              + table
                              + ", directly or through a role it inherits: the new release could not read the"
                              + " view (its grants mirror the table's)",
                          "grant it the application's role, e.g. GRANT app_rw TO "
                              + r
                              + " (with INHERIT, the default)"));
                }
              });
      info.schemaUsage()
          .forEach(
              (schema, ok) -> {
                if (!ok) {
                  out.add(
                      finding(
                          spec,
                          Severity.BLOCKER,
                          FindingCode.RELEASE_ROLE_NO_ACCESS,
                          at,
                          "release role "
                              + r
                              + " has no USAGE on schema "
                              + Identifiers.display(schema)
                              + ", directly or through a role it inherits",
                          "grant it the application's role, which holds USAGE on the schema"));
                }
              });
      if (!info.canLogin()) {
        out.add(
            finding(
                spec,
                Severity.WARNING,
                FindingCode.RELEASE_ROLE_NOLOGIN,
                at,
                "release role "
                    + r
                    + " cannot log in; the search_path is applied only to sessions that log in as"
                    + " it, not to SET ROLE",
                "ALTER ROLE " + r + " LOGIN, and connect the new release as " + r));
      }
      out.add(
          finding(
              spec,
              Severity.WARNING,
              FindingCode.RELEASE_ROLE_POOLED_SESSIONS,
              at,
              "sessions of "
                  + r
                  + " opened before expand keep their old search_path"
                  + (info.sessions() > 0
                      ? " (" + info.sessions() + " connected to this database now)"
                      : "")
                  + ", and a pooler reuses its server connections",
              "after expand, before the new release takes traffic: RECONNECT (or RECONNECT db) in the PgBouncer"
                  + " admin console, or wait server_lifetime; restart other pools"));
    }
    return out;
  }

  private static String alterHint(ReleaseRoleInfo info, List<String> missing) {
    String me = Identifiers.display(info.currentUser());
    String r = Identifiers.display(info.role());
    if (info.superuser()) {
      return "run the phase as a superuser, or use a release role that is not a superuser";
    }
    if (info.serverMajor() >= 16) {
      return "PostgreSQL "
          + info.serverMajor()
          + " needs CREATEROLE and ADMIN OPTION on the role: "
          + (missing.contains("CREATEROLE") ? "ALTER ROLE " + me + " CREATEROLE; " : "")
          + "GRANT "
          + r
          + " TO "
          + me
          + " WITH ADMIN OPTION, INHERIT FALSE, SET FALSE (as a superuser)";
    }
    return "PostgreSQL "
        + info.serverMajor()
        + " needs CREATEROLE: ALTER ROLE "
        + me
        + " CREATEROLE (as a superuser)";
  }

  private static Finding finding(
      Spec spec, Severity s, FindingCode code, Position at, String message, String hint) {
    return new Finding(s, code, new Diagnostic(spec.file(), at, message, hint));
  }
}
