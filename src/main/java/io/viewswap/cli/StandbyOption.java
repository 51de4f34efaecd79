package io.viewswap.cli;

import io.viewswap.api.Database;
import io.viewswap.api.ViewSwapException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --standby URL}: a hot standby of the server, read by the checks for what the primary
 * cannot see (its max_standby_streaming_delay, hot_standby_feedback and the sessions on the tables
 * there).
 */
final class StandbyOption {
  @Option(
      names = "--standby",
      paramLabel = "URL",
      description =
          "a hot standby of the server (repeatable), in any --url form: the checks read its"
              + " max_standby_streaming_delay, hot_standby_feedback and the sessions using the spec's"
              + " tables there, which decide how long replaying the phase's lock stalls it")
  List<String> urls = List.of();

  List<Database> databases(Map<String, String> env) {
    List<Database> out = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      out.add(TargetsFile.parse(urls.get(i), env, "--standby #" + (i + 1)));
    }
    return out;
  }

  /** A fleet of a targets file has many servers: which one a standby belongs to is not said. */
  void refuseWithTargets(FleetOption fleet) {
    if (!urls.isEmpty() && fleet.targets != null) {
      throw ViewSwapException.usage(
          "--standby names standbys of --url's server, not of a targets file's databases",
          "run check --standby per server with its --url");
    }
  }
}
