package io.viewswap.export;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What a framework export needs beyond the plan: the directory it adds to, the time (Rails
 * timestamps), a source of revision ids (Alembic) and the Django app and models. Passed in, so
 * rendering stays a function of its inputs.
 *
 * @param directory the migrations already in the output directory
 * @param now the time a Rails migration is stamped with
 * @param random draws Alembic revision ids
 * @param djangoApp the Django app label ({@code --django-app})
 * @param djangoModels table ({@code name} or {@code schema.name}) to model class name, for tables
 *     not named as Django names them ({@code --django-model TABLE=Model})
 */
public record FrameworkSettings(
    MigrationDirectory directory,
    Instant now,
    RandomGenerator random,
    Optional<String> djangoApp,
    Map<String, String> djangoModels) {
  public FrameworkSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(djangoApp, "djangoApp");
    djangoModels = Map.copyOf(djangoModels);
  }
}
