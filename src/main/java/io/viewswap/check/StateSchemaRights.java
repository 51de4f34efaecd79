package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * Every run installs or upgrades viewswap's state schema when it is missing or older: refuse up
 * front a role that could not, rather than fail half-way. Nothing needs creating in a current one,
 * so no CREATE is needed.
 */
final class StateSchemaRights implements SpecRule {

  @Override
  public List<Finding> find(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    CatalogSnapshot snap = ctx.snapshot();
    CatalogSnapshot.Rights rights = snap.rights();
    if (!rights.stateSchemaExists() && !rights.createSchemas()) {
      out.add(
          ctx.finding(
              Severity.BLOCKER,
              FindingCode.CANNOT_CREATE_STATE_SCHEMA,
              Position.UNKNOWN,
              "viewswap's state schema does not exist yet, and "
                  + Identifiers.display(snap.currentUser())
                  + " may not create schemas in this database (no CREATE on it)",
              "GRANT CREATE ON DATABASE to "
                  + Identifiers.display(snap.currentUser())
                  + ", or run the first phase as a role that has it"));
    } else if (rights.stateSchemaExists()
        && !rights.stateSchemaCurrent()
        && !rights.mayUpgradeStateSchema()) {
      out.add(
          ctx.finding(
              Severity.BLOCKER,
              FindingCode.CANNOT_UPGRADE_STATE_SCHEMA,
              Position.UNKNOWN,
              "viewswap's state schema holds an older version, and "
                  + Identifiers.display(snap.currentUser())
                  + " may not upgrade it (it needs CREATE on the schema and its owner's rights)",
              "run any phase once as the schema's owner, which upgrades it in place"));
    }
    if (!rights.mayUsePlpgsql()) {
      out.add(
          ctx.finding(
              Severity.BLOCKER,
              FindingCode.CANNOT_USE_PLPGSQL,
              Position.UNKNOWN,
              Identifiers.display(snap.currentUser())
                  + " has no USAGE on the language plpgsql, and every phase checks viewswap's state schema"
                  + " in a DO block written in it",
              "GRANT USAGE ON LANGUAGE plpgsql TO "
                  + Identifiers.display(snap.currentUser())
                  + ", or run the phases as a role that has it"));
    }
    return out;
  }
}
