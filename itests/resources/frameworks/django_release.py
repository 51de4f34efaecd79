# One release of an application, written with Django's ORM (Debian's python3-django 3.2 + psycopg2), configured
# only from what `viewswap repoint --for django --format json` said (the test turns that JSON into argv[1]).
# For every line "run" on stdin it does one unit of work through the model and prints "ok" or "error ...".
import json
import random
import sys

import django
from django.conf import settings

cfg = json.loads(sys.argv[1])
db = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": cfg["database"], "USER": cfg["username"], "PASSWORD": cfg["password"],
    "HOST": cfg["host"], "PORT": str(cfg["port"]),
    "OPTIONS": {},
    "DISABLE_SERVER_SIDE_CURSORS": cfg["disable_server_side_cursors"],
}
if cfg.get("search_path"):
    db["OPTIONS"]["options"] = "-c search_path=" + cfg["search_path"]
settings.configure(DATABASES={"default": db}, INSTALLED_APPS=[], USE_TZ=True, TIME_ZONE="UTC",
                   DEFAULT_AUTO_FIELD="django.db.models.BigAutoField")
django.setup()
from django.db import models, transaction  # noqa: E402

TYPES = {"text": lambda **k: models.TextField(null=True, **k), "int": lambda **k: models.IntegerField(**k),
         "bigint": lambda **k: models.BigIntegerField(**k)}
attrs = {"__module__": __name__}
for f in cfg["fields"]:
    if f["pk"]:
        attrs[f["attr"]] = models.BigAutoField(primary_key=True, db_column=f["column"])
    else:
        attrs[f["attr"]] = TYPES[f["type"]](db_column=f["column"])
attrs["Meta"] = type("Meta", (), {"db_table": cfg["table_name"], "managed": False, "app_label": "release"})
Record = type("Record", (models.Model,), attrs)

n = 0
for line in sys.stdin:
    if line.strip() == "quit":
        break
    n += 1
    try:
        with transaction.atomic():
            r = Record.objects.get(pk=random.randint(1, cfg["rows"]))
            setattr(r, cfg["update"], cfg["update_value"])
            r.save()
            values = {k: (v.replace("{n}", "%d-%d" % (id(r), n)) if isinstance(v, str) else v)
                      for k, v in cfg["create"].items()}
            created = Record.objects.create(**values)
            assert created.pk is not None, "created row has no id"
            Record.objects.get(pk=created.pk).delete()
            Record.objects.filter(**{cfg["where"]: getattr(r, cfg["where"])}).count()
        print("ok", flush=True)
    except Exception as e:  # report every failure to the test, which asserts there are none
        print("error %s: %s" % (type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip() else ""),
              flush=True)
