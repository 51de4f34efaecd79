package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.support.CliRun;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A swap that cannot get its lock says who is in the way: an application transaction that read the
 * table and never ended. What a DBA needs to act on it (pid, role, application_name, client, state,
 * how long the transaction has been open, the first line of its query) is printed on every lock
 * timeout, listed in the JSON of every attempt, and named by the exit-5 message and its hint.
 */
@ExtendWith(PostgresExtension.class)
class BlockerReportIT {

  private static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  private static Map<String, Object> json(String text) throws Exception {
    return new ObjectMapper().readValue(text, new TypeReference<Map<String, Object>>() {});
  }

  /**
   * An application's report that read the table in a transaction and went idle without ending it.
   */
  private static final String HOLDER_APP = "billing-report";

  private static final String HOLDER_QUERY =
      "SELECT count(*) -- nightly billing\nFROM public.customer";

  @Test
  void everyLockTimeoutNamesTheSessionInTheWay(TestDatabase db) throws Exception {
    Example example = Example.load("customer-to-client");
    example.install(db);
    String spec = Example.specFile("customer-to-client").toString();
    String url = db.url();
    assertThat(cli("apply", spec, "--phase", "expand", "--url", url).exit()).isZero();

    try (Connection holder = db.connectAs(Example.APP_ROLE, Example.APP_PASSWORD)) {
      int pid = hold(holder);

      CliRun text =
          cli(
              "apply",
              spec,
              "--phase",
              "swap",
              "--retries",
              "1",
              "--lock-timeout",
              "200ms",
              "--url",
              url);
      assertThat(text.exit()).as("exit 5 while the holder is there: %s", text).isEqualTo(5);
      String[] lines = text.err().split("\n");
      assertThat(text.err())
          .as(
              "the retry line says which step waited (the first that locks the table): %s",
              text.err())
          .contains("lock not granted (attempt 1 of 2, at rename-column:public.customer.");
      assertThat(List.of(lines))
          .as("one 'blocked by' line per timeout, naming the holder: %s", text.err())
          .filteredOn(
              l ->
                  l.contains(
                      "blocked by pid "
                          + pid
                          + " (user "
                          + Example.APP_ROLE
                          + ", application \""
                          + HOLDER_APP
                          + "\""))
          .hasSize(2);
      assertThat(text.err())
          .as("state and the first line of its query")
          .contains("idle in transaction, transaction open ")
          .contains("SELECT count(*) -- nightly billing ...")
          .doesNotContain("FROM public.customer");
      String error =
          List.of(lines).stream().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
      assertThat(error)
          .as("the exit-5 message names the blocker")
          .contains("lock not acquired after 2 attempts")
          .contains("blocked by pid " + pid)
          .contains(HOLDER_APP);
      String hint =
          List.of(lines).stream().filter(l -> l.startsWith("hint: ")).findFirst().orElseThrow();
      assertThat(hint)
          .as("the hint says what to do about it")
          .contains("pg_terminate_backend")
          .contains(Integer.toString(pid))
          .contains("queues again");

      CliRun asJson =
          cli(
              "apply",
              spec,
              "--phase",
              "swap",
              "--retries",
              "1",
              "--lock-timeout",
              "200ms",
              "--format",
              "json",
              "--url",
              url);
      assertThat(asJson.exit()).as("exit 5 as JSON: %s", asJson).isEqualTo(5);
      @SuppressWarnings("unchecked")
      Map<String, Object> e = (Map<String, Object>) json(asJson.out()).get("error");
      assertThat(e).containsEntry("exit_code", 5).containsEntry("sqlstate", "55P03");
      assertThat((String) e.get("message")).contains("pid " + pid).contains(HOLDER_APP);
      assertThat(blockers(e))
          .as("error.blockers")
          .singleElement()
          .satisfies(b -> assertHolder(b, pid));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> timeouts = (List<Map<String, Object>>) e.get("lock_timeouts");
      assertThat(timeouts).as("one entry per attempt").hasSize(2);
      assertThat(timeouts).extracting(t -> t.get("attempt")).containsExactly(1, 2);
      assertThat(timeouts.get(1))
          .as("the last attempt has no retry")
          .containsEntry("retry_in_ms", null);
      assertThat(timeouts)
          .allSatisfy(
              t -> {
                assertThat((String) t.get("step")).startsWith("rename-column:public.customer.");
                assertThat(blockers(t)).singleElement().satisfies(b -> assertHolder(b, pid));
              });
      assertThat(
              Example.viewSwap(db)
                  .status(java.util.Optional.of(example.spec()))
                  .get(0)
                  .state()
                  .label())
          .as("nothing changed")
          .isEqualTo("expanded");

      // The holder goes while the swap retries: the swap lands, and its JSON still lists the
      // timeouts it went through, with the blocker of each.
      CompletableFuture<Void> release =
          CompletableFuture.runAsync(
              () -> {
                try {
                  TimeUnit.MILLISECONDS.sleep(1500);
                  holder.rollback();
                } catch (Exception ex) {
                  throw new IllegalStateException(ex);
                }
              });
      CliRun landed =
          cli(
              "apply",
              spec,
              "--phase",
              "swap",
              "--retries",
              "100",
              "--lock-timeout",
              "200ms",
              "--format",
              "json",
              "--url",
              url);
      release.get(30, TimeUnit.SECONDS);
      assertThat(landed.exit()).as("the swap lands once the holder is gone: %s", landed).isZero();
      Map<String, Object> result = json(landed.out());
      assertThat(result).containsEntry("state", "swapped");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> went = (List<Map<String, Object>>) result.get("lock_timeouts");
      assertThat(went)
          .as("the timeouts before it, each naming the holder")
          .isNotEmpty()
          .allSatisfy(
              t -> assertThat(blockers(t)).extracting(b -> b.get("pid")).containsExactly(pid));
      assertThat(result.get("attempts")).isEqualTo(went.size() + 1);
    }
  }

  /**
   * Reads the table in a transaction left open, as the application role, and returns its backend
   * pid.
   */
  private static int hold(Connection holder) throws Exception {
    try (Statement st = holder.createStatement()) {
      st.execute("SET application_name = '" + HOLDER_APP + "'");
      holder.setAutoCommit(false);
      st.execute(HOLDER_QUERY);
      try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        int pid = rs.getInt(1);
        // pg_stat_activity shows the last query; make it the report's, as an idle application's
        // would be.
        st.execute(HOLDER_QUERY);
        return pid;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> blockers(Map<String, Object> m) {
    return (List<Map<String, Object>>) m.get("blockers");
  }

  private static void assertHolder(Map<String, Object> b, int pid) {
    assertThat(b)
        .containsEntry("pid", pid)
        .containsEntry("user", Example.APP_ROLE)
        .containsEntry("application_name", HOLDER_APP)
        .containsEntry("state", "idle in transaction")
        .containsEntry("query", "SELECT count(*) -- nightly billing ...");
    assertThat(b).containsKeys("client", "query_start");
    assertThat(((Number) b.get("transaction_age_ms")).longValue()).isGreaterThanOrEqualTo(0);
  }
}
