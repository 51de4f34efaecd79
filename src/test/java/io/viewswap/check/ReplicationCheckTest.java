package io.viewswap.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.ReplicationInfo;
import io.viewswap.catalog.StandbyInfo;
import io.viewswap.spec.Spec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What check says of standbys the user named, read on the standby itself. */
class ReplicationCheckTest {
  private static final ReplicationInfo ONE_ASYNC =
      new ReplicationInfo(
          "",
          "on",
          List.of(
              new ReplicationInfo.Standby(
                  "standby1", true, "streaming", "async", true, Optional.of(3L), Optional.of(0L))));

  private static List<Finding> findings(List<StandbyInfo> named) throws Exception {
    Spec spec = ReleaseRoleCheckTest.example("columns-release-role");
    return new ReplicationCheck().check(spec, ONE_ASYNC, named);
  }

  @Test
  void aStandbyQueryOnTheTableIsNamedWithTheDelayItWillCost() throws Exception {
    List<Finding> f =
        findings(
            List.of(
                new StandbyInfo(
                    "h:5432/app",
                    true,
                    "30s",
                    "on",
                    Optional.of(12L),
                    2,
                    Optional.of(95_000L),
                    "")));
    assertThat(f)
        .extracting(Finding::code)
        .containsExactly(FindingCode.STANDBYS.label(), FindingCode.STANDBY_READERS.label());
    Finding r = f.get(1);
    assertThat(r.severity()).isEqualTo(Severity.WARNING);
    assertThat(r.diagnostic().message())
        .contains(
            "standby h:5432/app: max_standby_streaming_delay = 30s, hot_standby_feedback = on")
        .contains("2 sessions hold a lock on the spec's tables there now")
        .contains("(the longest transaction open for 95000 ms)")
        .contains("will wait for them up to 30s, then the standby cancels them (SQLSTATE 40001)");
    assertThat(f.get(0).diagnostic().hint()).doesNotContain("--standby URL");
  }

  @Test
  void withoutNamedStandbysTheHintSaysHowToReadThem() throws Exception {
    List<Finding> f = findings(List.of());
    assertThat(f).extracting(Finding::code).containsExactly(FindingCode.STANDBYS.label());
    assertThat(f.get(0).diagnostic().hint()).contains("name the standbys with --standby URL");
  }

  @Test
  void foreverAndUnreachableAndNotAStandbyAreSaidAsSuch() throws Exception {
    List<Finding> f =
        findings(
            List.of(
                new StandbyInfo("a", true, "-1", "off", Optional.empty(), 1, Optional.empty(), ""),
                StandbyInfo.unreadable("b", "connection refused"),
                new StandbyInfo(
                    "c", false, "30s", "off", Optional.empty(), 0, Optional.empty(), "")));
    assertThat(f.get(1).diagnostic().message())
        .contains("until they end (max_standby_streaming_delay = -1)")
        .contains("for how long is hidden from this role")
        .doesNotContain("cancels");
    assertThat(f.get(2).diagnostic().message())
        .isEqualTo("standby b could not be read: connection refused");
    assertThat(f.get(3).diagnostic().message()).contains("standby c is not a standby");
  }
}
