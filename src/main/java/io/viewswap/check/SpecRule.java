package io.viewswap.check;

import io.viewswap.api.Finding;
import java.util.List;

/**
 * One preflight check about the spec or the server as a whole (the state schema, the release role,
 * replication), run once. It says itself, from the context, when it has nothing to say.
 */
interface SpecRule {

  /** What it finds, in report order. */
  List<Finding> find(CheckContext ctx);
}
