package io.viewswap.export;

import io.viewswap.api.Phase;
import io.viewswap.api.Plan;
import io.viewswap.api.ViewSwapException;
import io.viewswap.render.SqlTemplates;
import io.viewswap.repoint.Client;
import io.viewswap.repoint.Repoint;
import io.viewswap.repoint.TableAdvice;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phases as migrations of one Django app: {@code NNNN_viewswap_<spec>_<phase>.py}, numbered
 * after the app's latest migration in the directory and depending on it, each a {@code RunSQL} with
 * the rollback as {@code reverse_sql} inside {@code SeparateDatabaseAndState}. Expand's state
 * operations record the model change of the new release ({@code RenameModel} when both table names
 * are Django's defaults, else {@code AlterModelTable}; {@code RenameField} per column), so that
 * once the developer edits the model {@code makemigrations} finds nothing, and never generates the
 * plain {@code ALTER TABLE ... RENAME} that would break the old release.
 */
final class DjangoMigrations implements FrameworkMigrations {
  private static final Pattern NUMBERED = Pattern.compile("(\\d{4,})_(\\w+)\\.py");
  private static final Pattern PYTHON_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final FrameworkSettings settings;
  private final String app;

  DjangoMigrations(FrameworkSettings settings) {
    this.settings = settings;
    this.app =
        settings
            .djangoApp()
            .orElseThrow(
                () ->
                    ViewSwapException.usage(
                        "--format django needs the app's label",
                        "add --django-app LABEL (the app whose migrations directory --out is)"));
    if (!PYTHON_NAME.matcher(app).matches()) {
      throw ViewSwapException.usage(
          "--django-app \"" + SourceText.comment(app) + "\" is not a Django app label",
          "an app label is a Python identifier, like shop");
    }
    settings
        .djangoModels()
        .forEach(
            (table, model) -> {
              if (!PYTHON_NAME.matcher(model).matches()) {
                throw ViewSwapException.usage(
                    "--django-model "
                        + SourceText.comment(table)
                        + "="
                        + SourceText.comment(model)
                        + ": \""
                        + SourceText.comment(model)
                        + "\" is not a model class name",
                    "name the model class, as in --django-model customer=Customer");
              }
            });
  }

  @Override
  public List<ExportedFile> files(Spec spec, Plan plan, ScriptRenderer renderer) {
    String previous = latestMigration();
    int number = Integer.parseInt(previous.substring(0, previous.indexOf('_'))) + 1;
    List<String> stateOps = stateOperations(spec);
    List<ExportedFile> out = new ArrayList<>();
    for (Phase phase : Phase.values()) {
      String migrationName = FrameworkMigrations.migrationName(spec, phase);
      FrameworkMigrations.refuseExisting(settings.directory(), migrationName, ".py");
      String name = String.format(Locale.ROOT, "%04d_%s", number++, migrationName);
      String run = "python manage.py migrate " + app + " " + name;
      String rollBack = "python manage.py migrate " + app + " " + previous;
      PhaseMigration m =
          PhaseMigration.of(
              renderer, spec, plan, phase, "django migrate " + app + " " + name, run, rollBack);
      String header =
          PhaseMigration.header(
              spec, plan, phase, "Django's migrate", run, rollBack, release(spec, phase));
      out.add(
          FrameworkMigrations.file(
              name + ".py",
              SqlTemplates.fill(
                  SqlTemplates.load("export/django-migration.py"),
                  header,
                  SourceText.python(m.forward(), ""),
                  SourceText.python(m.rollback(), ""),
                  "[("
                      + SourceText.pythonString(app)
                      + ", "
                      + SourceText.pythonString(previous)
                      + ")]",
                  phase == Phase.EXPAND ? list(stateOps) : "[]",
                  phase == Phase.EXPAND ? "before_deploy" : "after_deploy")));
      previous = name;
    }
    return out;
  }

  /**
   * The app's latest migration in the directory: the one with the highest number, which the first
   * phase depends on. Refused when there is none (the model must exist in Django's state) or when
   * two share it (a merge is due).
   */
  private String latestMigration() {
    List<String> names = new ArrayList<>();
    int highest = -1;
    for (String f : settings.directory().fileNames()) {
      Matcher m = NUMBERED.matcher(f);
      if (!m.matches()) {
        continue;
      }
      int n = Integer.parseInt(m.group(1));
      if (n > highest) {
        highest = n;
        names.clear();
      }
      if (n == highest) {
        names.add(f.substring(0, f.length() - 3));
      }
    }
    if (names.isEmpty()) {
      throw ViewSwapException.usage(
          "the directory holds no migration of app " + app + " (NNNN_name.py)",
          "give --out the app's migrations directory, after makemigrations made the model's first"
              + " migration");
    }
    if (names.size() > 1) {
      throw ViewSwapException.usage(
          "app " + app + " has two latest migrations: " + String.join(", ", names),
          "merge them first: python manage.py makemigrations --merge " + app);
    }
    return names.get(0);
  }

  /** The model changes of the new release, as Django migration operations. */
  private List<String> stateOperations(Spec spec) {
    List<String> ops = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      String oldTable = r.table().name();
      String model = modelOf(r, oldTable).orElseThrow(() -> unmapped(r, oldTable));
      String current = model;
      if (r.renamesTable()) {
        String newTable = r.renamedTable().name();
        Optional<String> renamedModel = defaultModel(newTable);
        if (defaultModel(oldTable).isPresent() && renamedModel.isPresent()) {
          current =
              Optional.ofNullable(settings.djangoModels().get(newTable))
                  .orElse(className(renamedModel.get()));
          ops.add(
              "migrations.RenameModel("
                  + SourceText.pythonString(model)
                  + ", "
                  + SourceText.pythonString(current)
                  + ")");
        } else {
          ops.add(
              "migrations.AlterModelTable("
                  + SourceText.pythonString(model.toLowerCase(Locale.ROOT))
                  + ", "
                  + SourceText.pythonString(newTable)
                  + ")");
        }
      }
      for (ColumnRename c : r.columns()) {
        ops.add(
            "migrations.RenameField("
                + SourceText.pythonString(current.toLowerCase(Locale.ROOT))
                + ", "
                + SourceText.pythonString(c.from())
                + ", "
                + SourceText.pythonString(c.to())
                + ")");
      }
    }
    return ops;
  }

  private Optional<String> modelOf(TableRename r, String table) {
    String mapped = settings.djangoModels().get(r.table().schema() + "." + table);
    if (mapped == null) {
      mapped = settings.djangoModels().get(table);
    }
    return Optional.ofNullable(mapped)
        .or(() -> defaultModel(table).map(DjangoMigrations::className));
  }

  /** {@code customer} for {@code shop_customer}: Django's default table of a model of the app. */
  private Optional<String> defaultModel(String table) {
    String prefix = app.toLowerCase(Locale.ROOT) + "_";
    if (!table.startsWith(prefix) || table.length() == prefix.length()) {
      return Optional.empty();
    }
    String model = table.substring(prefix.length());
    return model.matches("[a-z_][a-z0-9_]*") ? Optional.of(model) : Optional.empty();
  }

  private static String className(String model) {
    return model.substring(0, 1).toUpperCase(Locale.ROOT) + model.substring(1);
  }

  private ViewSwapException unmapped(TableRename r, String table) {
    return ViewSwapException.usage(
        "table "
            + SourceText.comment(r.table().schema() + "." + table)
            + " is not named as Django names a model of app "
            + app
            + " ("
            + app
            + "_<model>)",
        "name its model: --django-model " + SourceText.comment(table) + "=ModelClass");
  }

  private static String list(List<String> ops) {
    if (ops.isEmpty()) {
      return "[]";
    }
    return "[\n                " + String.join(",\n                ", ops) + ",\n            ]";
  }

  /**
   * For expand: the model edit its state operations record, and the connection settings {@code
   * repoint --for django} gives; for contract, what may go.
   */
  private List<String> release(Spec spec, Phase phase) {
    List<String> out = new ArrayList<>();
    if (phase == Phase.SWAP) {
      return out;
    }
    List<TableAdvice> advice = new Repoint().advise(spec, Client.DJANGO);
    if (phase == Phase.CONTRACT) {
      return PhaseMigration.releaseLines(advice, phase);
    }
    for (TableRename r : spec.renames()) {
      String oldTable = r.table().name();
      String model = modelOf(r, oldTable).orElseThrow(() -> unmapped(r, oldTable));
      if (r.renamesTable()) {
        String newTable = r.renamedTable().name();
        if (defaultModel(oldTable).isPresent() && defaultModel(newTable).isPresent()) {
          String renamed =
              Optional.ofNullable(settings.djangoModels().get(newTable))
                  .orElse(className(defaultModel(newTable).get()));
          out.add(
              "rename the model class " + model + " to " + renamed + " (table " + newTable + ")");
        } else {
          out.add("model " + model + ": Meta.db_table = '" + newTable + "'");
        }
      }
      for (ColumnRename c : r.columns()) {
        out.add("model " + model + ": rename the field " + c.from() + " to " + c.to());
      }
    }
    out.add(
        "then `python manage.py makemigrations --check` finds nothing: the state operations above"
            + " recorded it");
    for (TableAdvice t : advice) {
      t.clientSearchPath()
          .ifPresent(
              sp ->
                  out.add(
                      "DATABASES OPTIONS: 'options': '-c search_path="
                          + sp
                          + "' (for "
                          + t.table()
                          + ", which keeps its name)"));
    }
    return out;
  }
}
