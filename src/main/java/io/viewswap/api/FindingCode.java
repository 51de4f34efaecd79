package io.viewswap.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of finding {@code check} can report, with the stable short name scripts read from the
 * JSON ({@code "code": "missing-column"}). A closed set: a finding cannot be made up at a call
 * site, and the docs can list them all.
 */
public enum FindingCode {
  ACCEPT_UNKNOWN("accept-unknown"),
  ACCESS_DRIFT("access-drift"),
  CANNOT_CREATE_IN_SCHEMA("cannot-create-in-schema"),
  CANNOT_CREATE_STATE_SCHEMA("cannot-create-state-schema"),
  CANNOT_CREATE_TRANSITION_SCHEMA("cannot-create-transition-schema"),
  CANNOT_UPGRADE_STATE_SCHEMA("cannot-upgrade-state-schema"),
  CANNOT_USE_PLPGSQL("cannot-use-plpgsql"),
  COLUMN_MOVED("column-moved"),
  COLUMN_NAME_TAKEN("column-name-taken"),
  CRON_JOB("cron-job"),
  DEPENDENT_NAME_IN_STATEMENT("dependent-name-in-statement"),
  DEPENDENT_NAME_KEPT("dependent-name-kept"),
  EXTENSION_UNREADABLE("extension-unreadable"),
  FUNCTION_BODY("function-body"),
  FUNCTION_BODY_REPLACED("function-body-replaced"),
  FUNCTION_BODY_REVIEWED("function-body-reviewed"),
  FUNCTION_BODY_TEXT("function-body-text"),
  FUNCTION_BODY_UNKNOWN("function-body-unknown"),
  INHERITED_COLUMN("inherited-column"),
  MISSING_COLUMN("missing-column"),
  MISSING_TABLE("missing-table"),
  NAME_TOO_LONG("name-too-long"),
  NO_RELEASE_ROLE("no-release-role"),
  NOT_A_TABLE("not-a-table"),
  NOT_OWNER("not-owner"),
  OLD_CLIENTS_AT_SWAP("old-clients-at-swap"),
  PARTITION_OR_CHILD("partition-or-child"),
  PARTMAN_CONFIG("partman-config"),
  PUBLICATION("publication"),
  RELEASE_ROLE_MISSING("release-role-missing"),
  RELEASE_ROLE_NO_ACCESS("release-role-no-access"),
  RELEASE_ROLE_NOLOGIN("release-role-nologin"),
  RELEASE_ROLE_NOT_ALTERABLE("release-role-not-alterable"),
  RELEASE_ROLE_POOLED_SESSIONS("release-role-pooled-sessions"),
  RELEASE_ROLE_SETTING_LOST("release-role-setting-lost"),
  RELEASE_ROLE_SUPERUSER("release-role-superuser"),
  RLS_COLUMN_GRANTS("rls-column-grants"),
  RLS_PG14("rls-pg14"),
  SCHEMAS_UNMATCHED("schemas-unmatched"),
  STANDBY_READERS("standby-readers"),
  STANDBYS("standbys"),
  STATE_LOST("state-lost"),
  SUBSCRIPTION("subscription"),
  SYNCHRONOUS_REPLICATION("synchronous-replication"),
  SYNCHRONOUS_STANDBY_DOWN("synchronous-standby-down"),
  TABLE_MOVED("table-moved"),
  TABLE_NAME_TAKEN("table-name-taken"),
  TRANSITION_SCHEMA_NOT_VIEWSWAPS("transition-schema-not-viewswaps"),
  TRANSITION_SCHEMA_OWNERS("transition-schema-owners"),
  TRANSITION_SCHEMA_UNTRUSTED("transition-schema-untrusted"),
  TRIGGER_ARGUMENT("trigger-argument"),
  TRIGGER_ARGUMENT_REVIEWED("trigger-argument-reviewed"),
  TRIGGER_ARGUMENT_UNKNOWN("trigger-argument-unknown"),
  VIEW_DEPENDENT("view-dependent"),
  VIEW_LIMIT_STATEMENT("view-limit-statement"),
  VIEW_LIMITS("view-limits"),
  VIEW_NAME_TAKEN("view-name-taken");

  private static final Map<String, FindingCode> BY_LABEL =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(FindingCode::label, Function.identity()));

  private final String label;

  FindingCode(String label) {
    this.label = label;
  }

  /** The name in the JSON and in the docs, e.g. {@code missing-column}. */
  public String label() {
    return label;
  }

  /** The code with this label. */
  public static FindingCode of(String label) {
    FindingCode c = BY_LABEL.get(label);
    if (c == null) {
      throw new IllegalArgumentException("no finding code " + label.toLowerCase(Locale.ROOT));
    }
    return c;
  }
}
