package io.viewswap.cli;

import io.viewswap.api.Blocker;
import io.viewswap.api.CheckResult;
import io.viewswap.api.Finding;
import io.viewswap.api.LockTimeout;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.PhaseRunRecord;
import io.viewswap.api.Plan;
import io.viewswap.api.SpecStatus;
import io.viewswap.api.Step;
import io.viewswap.spec.Diagnostic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The documented JSON shapes of the CLI (snake_case keys, stable across releases). */
final class Json {
  private Json() {}

  static Map<String, Object> diagnostic(Diagnostic d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", d.file());
    m.put("line", d.position().line());
    m.put("column", d.position().column());
    m.put("message", d.message());
    m.put("hint", d.hint());
    return m;
  }

  static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
    m.put("code", f.code());
    m.putAll(diagnostic(f.diagnostic()));
    return m;
  }

  static Map<String, Object> check(CheckResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", r.spec());
    m.put("state", r.state().label());
    m.put("server_version_num", r.serverVersionNum());
    m.put("errors", r.report().of(io.viewswap.api.Severity.ERROR).size());
    m.put("blockers", r.report().of(io.viewswap.api.Severity.BLOCKER).size());
    m.put("warnings", r.report().of(io.viewswap.api.Severity.WARNING).size());
    m.put("accepted", r.report().of(io.viewswap.api.Severity.ACCEPTED).size());
    m.put("findings", r.report().findings().stream().map(Json::finding).toList());
    return m;
  }

  static Map<String, Object> plan(Plan p, List<PhasePlan> phases) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", p.specId());
    m.put("checksum", p.checksum());
    m.put("server_major", p.serverMajor());
    m.put(
        "phases",
        phases.stream()
            .map(
                ph -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("phase", ph.phase().label());
                  x.put("direction", ph.direction().label());
                  x.put("from", ph.from().label());
                  x.put("to", ph.to().label());
                  x.put("steps", ph.steps().stream().map(Json::step).toList());
                  return x;
                })
            .toList());
    return m;
  }

  static Map<String, Object> step(Step s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("description", s.description());
    m.put("sql", s.sql());
    m.put("inverse", s.inverse());
    return m;
  }

  static Map<String, Object> result(PhaseResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", r.spec());
    m.put("phase", r.phase().label());
    m.put("direction", r.direction().label());
    m.put("previous_state", r.previousState().label());
    m.put("state", r.state().label());
    m.put("already_done", r.alreadyDone());
    m.put("dry_run", r.dryRun());
    m.put("attempts", r.attempts());
    m.put("lock_wait_ms", r.lockWaitMs());
    m.put("lock_held_ms", r.lockHeldMs());
    m.put("lock_held_us", r.lockHeldMicros());
    m.put("statements", r.statements());
    m.put("warnings", r.warnings().stream().map(Json::finding).toList());
    m.put("lock_timeouts", r.lockTimeouts().stream().map(Json::lockTimeout).toList());
    return m;
  }

  static Map<String, Object> lockTimeout(LockTimeout t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempt", t.attempt());
    m.put("message", t.message());
    m.put("step", t.step().isEmpty() ? null : t.step());
    m.put("retry_in_ms", t.retryInMs() < 0 ? null : t.retryInMs());
    m.put("blockers", t.blockers().stream().map(Json::blocker).toList());
    return m;
  }

  static Map<String, Object> blocker(Blocker b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pid", b.pid());
    m.put("user", b.user());
    m.put("application_name", b.applicationName());
    m.put("client", b.client());
    m.put("state", b.state());
    m.put("transaction_age_ms", b.transactionAgeMs().orElse(null));
    m.put("query_start", b.queryStart().map(t -> t.toInstant().toString()).orElse(null));
    m.put("query", b.query());
    return m;
  }

  static Map<String, Object> status(SpecStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", s.spec());
    m.put("state", s.state().label());
    m.put("next_phase", s.nextPhase().map(p -> p.label()).orElse(null));
    m.put("checksum", s.checksum().orElse(null));
    m.put("spec_changed", s.specChanged());
    m.put("updated_at", s.updatedAt().map(Object::toString).orElse(null));
    m.put("history", s.history().stream().map(Json::run).toList());
    m.put("applied_spec", s.appliedSpec().orElse(null));
    s.stateLost().ifPresent(lost -> m.put("state_lost", lost));
    return m;
  }

  static Map<String, Object> run(PhaseRunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", r.runId());
    m.put("phase", r.phase());
    m.put("direction", r.direction());
    m.put("from", r.fromState());
    m.put("to", r.toState());
    m.put("run_by", r.runBy());
    m.put("client", r.client());
    m.put("finished_at", r.finishedAt().toString());
    m.put("attempts", r.attempts());
    m.put("lock_wait_ms", r.lockWaitMs());
    m.put("lock_held_ms", r.lockHeldMs());
    m.put("statements", r.statements());
    return m;
  }
}
