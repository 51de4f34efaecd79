# One release of an application, written with SQLAlchemy's ORM (Debian's python3-sqlalchemy 1.4 + psycopg2),
# configured only from what `viewswap repoint --for sqlalchemy --format json` said (argv[1]). For every line "run"
# on stdin it does one unit of work through the mapped class and prints "ok" or "error ...".
import json
import random
import sys

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, Text, create_engine, func, select
from sqlalchemy.orm import Session, registry

cfg = json.loads(sys.argv[1])
connect_args = {}
if cfg.get("search_path"):
    connect_args["options"] = "-c search_path=" + cfg["search_path"]
url = "postgresql+psycopg2://%s:%s@%s:%d/%s" % (cfg["username"], cfg["password"], cfg["host"], cfg["port"],
                                                 cfg["database"])
engine = create_engine(url, connect_args=connect_args, future=True)
TYPES = {"text": Text, "int": Integer, "bigint": BigInteger}
columns = [Column(f["column"], TYPES[f["type"]], key=f["attr"], primary_key=f["pk"]) for f in cfg["fields"]]
table = Table(cfg["table_name"], MetaData(), *columns)


class Record:
    pass


registry().map_imperatively(Record, table)

n = 0
for line in sys.stdin:
    if line.strip() == "quit":
        break
    n += 1
    try:
        with Session(engine) as s, s.begin():
            r = s.get(Record, random.randint(1, cfg["rows"]))
            if r is None:
                raise LookupError("row not found")
            setattr(r, cfg["update"], cfg["update_value"])
            created = Record()
            for k, v in cfg["create"].items():
                setattr(created, k, v.replace("{n}", "%d-%d" % (id(s), n)) if isinstance(v, str) else v)
            s.add(created)
            s.flush()
            s.delete(created)
            s.flush()
            s.execute(select(func.count()).select_from(table)
                      .where(getattr(table.c, cfg["where"]) == getattr(r, cfg["where"]))).scalar_one()
        print("ok", flush=True)
    except Exception as e:  # report every failure to the test, which asserts there are none
        print("error %s: %s" % (type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip() else ""),
              flush=True)
