package io.viewswap.catalog;

import io.viewswap.render.Sql;
import java.util.Objects;

/**
 * One privilege held by one role, as {@code aclexplode} reports it.
 *
 * @param grantee a role name, or {@link #PUBLIC}
 * @param privilege SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER or MAINTAIN
 * @param grantable whether it was granted WITH GRANT OPTION
 */
public record Grant(String grantee, String privilege, boolean grantable) {
  public static final String PUBLIC = Sql.PUBLIC_ROLE;

  public Grant {
    Objects.requireNonNull(grantee, "grantee");
    Objects.requireNonNull(privilege, "privilege");
  }

  public boolean toPublic() {
    return PUBLIC.equals(grantee);
  }
}
