package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.ReplicationInfo;
import io.viewswap.catalog.ReplicationInfo.Standby;
import io.viewswap.catalog.StandbyInfo;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import io.viewswap.text.VisibleText;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the server's standbys feel of a phase, and what they do to it. Under synchronous replication
 * a phase's COMMIT would wait for the standbys while it holds ACCESS EXCLUSIVE, a wait no timeout
 * bounds; so phases commit with {@code synchronous_commit = local} unless the spec says {@code
 * synchronous_commit: configured}, and then a phase is refused while the synchronous standbys it
 * would wait for are not streaming. Hot standbys replay the phase's lock: their readers of the
 * table wait for it, and replay waits for their queries.
 */
public final class ReplicationCheck implements SpecRule {

  @Override
  public List<Finding> find(CheckContext ctx) {
    return ctx.replication().map(info -> check(ctx.spec(), info, ctx.standbys())).orElse(List.of());
  }

  /**
   * The server's findings, those of the standbys the user named (read on each standby) last: what a
   * fleet reports once per server.
   */
  public List<Finding> check(Spec spec, ReplicationInfo info, List<StandbyInfo> named) {
    List<Finding> all = new ArrayList<>(check(spec, info, !named.isEmpty()));
    for (StandbyInfo s : named) {
      all.add(standby(spec, s));
    }
    return all;
  }

  public List<Finding> check(Spec spec, ReplicationInfo info) {
    return check(spec, info, false);
  }

  private List<Finding> check(Spec spec, ReplicationInfo info, boolean namedStandbys) {
    List<Finding> out = new ArrayList<>();
    int required = info.synchronousStandbysRequired();
    long streaming = info.synchronousStreaming();
    String names =
        "synchronous_standby_names = '" + VisibleText.oneLine(info.synchronousStandbyNames()) + "'";
    if (info.commitWaitsForStandbys()) {
      String now =
          info.anyHidden()
              ? "this role cannot see whether they stream (pg_stat_replication needs pg_read_all_stats)"
              : streaming
                  + " of the "
                  + required
                  + " needed stream"
                  + (streaming == 1 ? "s" : "")
                  + " now";
      if (spec.options().keepSynchronousCommit()) {
        if (!info.anyHidden() && streaming < required) {
          out.add(
              finding(
                  spec,
                  Severity.BLOCKER,
                  FindingCode.SYNCHRONOUS_STANDBY_DOWN,
                  names
                      + " and the spec keeps synchronous_commit (configured), but "
                      + now
                      + ": the phase's COMMIT would wait for them while it holds ACCESS EXCLUSIVE on the"
                      + " tables, and every query on them would wait as long; no timeout bounds that wait",
                  "bring the synchronous standby back (pg_stat_replication shows it streaming with"
                      + " sync_state sync or quorum), or remove synchronous_commit: configured from the spec:"
                      + " the phase then commits locally, without waiting while it holds its locks"));
        } else {
          out.add(
              finding(
                  spec,
                  Severity.WARNING,
                  FindingCode.SYNCHRONOUS_REPLICATION,
                  names
                      + " and the spec keeps synchronous_commit (configured): the phase's COMMIT waits for"
                      + " the synchronous standbys while it holds ACCESS EXCLUSIVE, so the lock lasts a round"
                      + " trip to them at least, and as long as they take if one lags or goes away; "
                      + now,
                  "without synchronous_commit: configured the phase commits locally and is on the standbys"
                      + " once any later synchronous commit returns (docs/replicas-and-backups.md)"));
        }
      } else {
        out.add(
            finding(
                spec,
                Severity.WARNING,
                FindingCode.SYNCHRONOUS_REPLICATION,
                names
                    + ": the phase commits with synchronous_commit = local, so its COMMIT does not wait for"
                    + " the standbys while it holds ACCESS EXCLUSIVE; it reaches them as WAL streams, and is"
                    + " durable there once any later synchronous commit on this server returns; "
                    + now,
                "to make the phase's COMMIT wait for the standbys (holding its locks meanwhile), set"
                    + " options.synchronous_commit: configured (docs/replicas-and-backups.md)"));
      }
    }
    if (!info.standbys().isEmpty()) {
      out.add(
          finding(
              spec,
              Severity.WARNING,
              FindingCode.STANDBYS,
              info.standbys().size()
                  + " standby"
                  + (info.standbys().size() == 1 ? "" : "s")
                  + " replay"
                  + (info.standbys().size() == 1 ? "s" : "")
                  + " this server's WAL ("
                  + info.standbys().stream()
                      .map(ReplicationCheck::describe)
                      .collect(Collectors.joining("; "))
                  + "): a hot standby replays the phase's ACCESS EXCLUSIVE lock too, so a standby query"
                  + " on the table delays that replay (up to the standby's max_standby_streaming_delay, 30 s"
                  + " by default, then the query is cancelled) and the standby's other readers of the table"
                  + " and all later replay wait behind it",
              "run the phase when standby queries on the table are short; "
                  + (namedStandbys
                      ? ""
                      : "name the standbys with --standby URL so that check reads their"
                          + " max_standby_streaming_delay and the sessions on the table there"
                          + " (the primary cannot); ")
                  + "--wait-for-standbys waits until they replayed the phase and says how long"
                  + " that took"));
    }
    return out;
  }

  /** What a standby the user named will feel, read on the standby itself. */
  private static Finding standby(Spec spec, StandbyInfo s) {
    String name = "standby " + VisibleText.oneLine(s.label());
    if (!s.unreadable().isEmpty()) {
      return finding(
          spec,
          Severity.WARNING,
          FindingCode.STANDBY_READERS,
          name + " could not be read: " + VisibleText.oneLine(s.unreadable()),
          "check the --standby connection and that the standby is up");
    }
    if (!s.inRecovery()) {
      return finding(
          spec,
          Severity.WARNING,
          FindingCode.STANDBY_READERS,
          name + " is not a standby (it is not in recovery): nothing replays a phase there",
          "give --standby the connection of a hot standby of this server");
    }
    String delay = VisibleText.oneLine(s.maxStandbyStreamingDelay());
    boolean forever = delay.startsWith("-");
    String upTo = forever ? "until they end (max_standby_streaming_delay = -1)" : "up to " + delay;
    StringBuilder m =
        new StringBuilder(name)
            .append(": max_standby_streaming_delay = ")
            .append(delay)
            .append(", hot_standby_feedback = ")
            .append(VisibleText.oneLine(s.hotStandbyFeedback()));
    s.replayDelayMs()
        .ifPresent(ms -> m.append(", last replayed commit ").append(ms).append(" ms ago"));
    if (s.holders() == 0) {
      m.append("; no session holds a lock on the spec's tables there now. A standby query that")
          .append(" does when the phase's ACCESS EXCLUSIVE lock is replayed delays that replay ")
          .append(upTo)
          .append(", and meanwhile every standby reader of the table and all later replay wait");
    } else {
      m.append("; ")
          .append(s.holders())
          .append(s.holders() == 1 ? " session holds" : " sessions hold")
          .append(" a lock on the spec's tables there now")
          .append(
              s.longestMs()
                  .map(ms -> " (the longest transaction open for " + ms + " ms)")
                  .orElse(" (for how long is hidden from this role)"))
          .append(": replaying the phase's ACCESS EXCLUSIVE lock will wait for them ")
          .append(upTo)
          .append(forever ? "" : ", then the standby cancels them (SQLSTATE 40001)")
          .append(", and meanwhile every standby reader of the table and all later replay wait,")
          .append(" however short the lock is on the primary");
    }
    return finding(
        spec,
        Severity.WARNING,
        FindingCode.STANDBY_READERS,
        m.toString(),
        "run the phase when no long standby query uses the table; a shorter"
            + " max_standby_streaming_delay on the standby bounds the stall and cancels such"
            + " queries sooner, a longer one lets them finish and stalls replay longer;"
            + " --wait-for-standbys waits for the replay and says how long it took");
  }

  private static String describe(Standby s) {
    String name = s.name().isEmpty() ? "(unnamed)" : VisibleText.oneLine(s.name());
    if (!s.visible()) {
      return name + ": details hidden from this role";
    }
    StringBuilder b = new StringBuilder(name).append(": ").append(s.state());
    if (!s.syncState().isEmpty()) {
      b.append(", ").append(s.syncState());
    }
    s.replayLagMs().ifPresent(ms -> b.append(", replay lag ").append(ms).append(" ms"));
    s.replayBehindBytes().ifPresent(n -> b.append(", ").append(n).append(" bytes to replay"));
    if (s.feedback()) {
      b.append(", hot_standby_feedback on");
    }
    return b.toString();
  }

  private static Finding finding(
      Spec spec, Severity s, FindingCode code, String message, String hint) {
    return new Finding(s, code, new Diagnostic(spec.file(), Position.UNKNOWN, message, hint));
  }
}
