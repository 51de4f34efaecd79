package io.viewswap.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.catalog.ReplicationInfo.Standby;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How many synchronous standbys a COMMIT waits for, as synchronous_standby_names says. */
class ReplicationInfoTest {
  static ReplicationInfo of(String names, String commit, Standby... standbys) {
    return new ReplicationInfo(names, commit, List.of(standbys));
  }

  static Standby standby(String name, String state, String sync) {
    return new Standby(name, true, state, sync, false, Optional.empty(), Optional.empty());
  }

  @Test
  void everyFormOfTheSettingGivesTheNumberOfStandbysAwaited() {
    assertThat(of("", "on").synchronousStandbysRequired()).isZero();
    assertThat(of("  ", "on").synchronousStandbysRequired()).isZero();
    assertThat(of("standby1", "on").synchronousStandbysRequired()).isEqualTo(1);
    assertThat(of("s1, s2", "on").synchronousStandbysRequired()).isEqualTo(1);
    assertThat(of("*", "on").synchronousStandbysRequired()).isEqualTo(1);
    assertThat(of("2 (s1, s2, s3)", "on").synchronousStandbysRequired()).isEqualTo(2);
    assertThat(of("FIRST 2 (s1, s2, s3)", "on").synchronousStandbysRequired()).isEqualTo(2);
    assertThat(of("ANY 3 (s1, \"S 2\", s3)", "on").synchronousStandbysRequired()).isEqualTo(3);
    assertThat(of("any 1(s1)", "on").synchronousStandbysRequired()).isEqualTo(1);
    // a standby named "first" is a plain list of one
    assertThat(of("first", "on").synchronousStandbysRequired()).isEqualTo(1);
  }

  @Test
  void commitWaitsOnlyWithStandbysNamedAndSynchronousCommitAboveLocal() {
    for (String waits : List.of("on", "remote_write", "remote_apply")) {
      assertThat(of("s1", waits).commitWaitsForStandbys()).as(waits).isTrue();
    }
    for (String local : List.of("local", "off")) {
      assertThat(of("s1", local).commitWaitsForStandbys()).as(local).isFalse();
    }
    assertThat(of("", "on").commitWaitsForStandbys()).isFalse();
  }

  @Test
  void onlyStreamingSyncOrQuorumStandbysCount() {
    ReplicationInfo r =
        of(
            "ANY 2 (a, b, c)",
            "on",
            standby("a", "streaming", "quorum"),
            standby("b", "catchup", "quorum"),
            standby("c", "streaming", "async"),
            standby("d", "streaming", "potential"));
    assertThat(r.synchronousStreaming()).isEqualTo(1);
    assertThat(r.anyHidden()).isFalse();
  }
}
