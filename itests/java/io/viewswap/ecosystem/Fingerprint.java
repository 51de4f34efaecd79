package io.viewswap.ecosystem;

import io.viewswap.support.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a phase leaves behind, as text that two runs can be compared by: every user relation (kind,
 * owner, ACL, columns with their types, grants and comments, view definition, options), every user
 * schema with its comment and ACL, and viewswap's state row with its latest run. Runner bookkeeping
 * (Flyway's and Liquibase's history schemas) and what differs by nature between runners (timings,
 * the client name, the transition schema's random mark) are left out.
 */
public final class Fingerprint {
  static final String RUNNER_SCHEMAS = "'flyway', 'liquibase'";

  private Fingerprint() {}

  public static List<String> of(TestDatabase db) throws SQLException {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row :
        db.query(
            "select n.nspname || ' comment=' || coalesce(obj_description(n.oid, 'pg_namespace'), '')"
                + " || ' acl=' || coalesce(n.nspacl::text, '') || ' owner=' || pg_get_userbyid(n.nspowner) as s"
                + " from pg_namespace n where n.nspname not in ('pg_catalog', 'information_schema', "
                + RUNNER_SCHEMAS
                + ") and n.nspname not like 'pg\\_%' order by 1")) {
      // The transition schema's mark is random by design (it is what lets a restored schema be
      // recognised as viewswap's): two runs agree on its place, never on its value.
      out.add(
          "schema " + String.valueOf(row.get("s")).replaceAll("\\(mark [0-9a-f-]+\\)", "(mark)"));
    }
    for (Map<String, Object> row :
        db.query(
            "select n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' owner=' || pg_get_userbyid(c.relowner)"
                + " || ' acl=' || coalesce(c.relacl::text, '') || ' options=' || coalesce(c.reloptions::text, '')"
                + " || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '')"
                + " || ' columns=' || coalesce((select string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod)"
                + "      || ':' || coalesce(a.attacl::text, '') || ':' || coalesce(col_description(c.oid, a.attnum), ''),"
                + "      ', ' order by a.attnum) from pg_attribute a"
                + "      where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '')"
                + " || ' view=' || coalesce(pg_get_viewdef(c.oid), '') as s"
                + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname not in ('pg_catalog', 'information_schema', "
                + RUNNER_SCHEMAS
                + ")"
                + " and n.nspname not like 'pg\\_%' and c.relkind in ('r', 'v', 'p', 'm', 'S')"
                + " order by n.nspname, c.relname")) {
      out.add("relation " + row.get("s"));
    }
    // options.release_role: the role settings this database gives at login
    for (Map<String, Object> row :
        db.query(
            "select pg_get_userbyid(s.setrole) || ' ' || array_to_string(s.setconfig, ';') as s"
                + " from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase"
                + " where d.datname = current_database() order by 1")) {
      out.add("role setting " + row.get("s"));
    }
    if (db.queryValue("select to_regclass('viewswap.spec_state')") != null) {
      for (Map<String, Object> row :
          db.query(
              "select spec_id || ' ' || state || ' ' || checksum as s from viewswap.spec_state order by 1")) {
        out.add("state " + row.get("s"));
      }
      for (Map<String, Object> row :
          db.query(
              "select phase || ' ' || direction || ' ' || from_state || '->' || to_state || ' ' || checksum"
                  + " || ' ' || array_to_string(statements, E'\\n') as s"
                  + " from viewswap.phase_run order by run_id desc limit 1")) {
        out.add("last run " + row.get("s"));
      }
    }
    return out;
  }
}
