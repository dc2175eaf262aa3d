"""How fast the desk's list is at 100k happenings: a store of 100,000 synthetic clusters,
1,000 edits and 1,000 verdicts, then each filter and order of the list timed (best of 3,
page + count).

Run: ``python tools/desk_list_100k.py [DIR]`` (writes DIR/k.db, default a temporary folder).
"""

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta

from khronika.model import Cluster, Event, Evidence, PartialDate, Place, Review
from khronika.store import EventFilter, Store

random.seed(1)
folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()
path = os.path.join(folder, "k.db")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)
store = Store.open(f"sqlite:///{path}")
text = "Police detained protesters in Almaty."
ev = Evidence.from_text("a.txt", text, 0, 15)
types = ["detention", "protest", "assault", "legal_action", "killing", "statement"]
countries = ["KZ", "BY", "UA", "RU", "KG", "UZ", "AM", "GE"]
clusters = []
N = 100_000
for i in range(N):
    d = date(2015, 1, 1) + timedelta(days=random.randrange(3650))
    e = Event(
        type=random.choice(types),
        evidence=(ev,),
        date=PartialDate(d, d, "day"),
        location=Place(
            name=f"Town{i % 500}",
            country=random.choice(countries),
            precision="city",
            text=f"Town{i % 500}",
        ),
        summary=f"report number {i}",
        id=f"cl_{i:012d}",
        confidence=random.random(),
    )
    clusters.append(Cluster(event=e, reports=(f"ev_{i:012d}",)))
t = time.perf_counter()
store.save_consolidation(clusters, [], [])
print(f"save 100k: {time.perf_counter() - t:.1f}s")
t = time.perf_counter()
for i in range(0, 1000):
    store.add_review(
        Review(
            cluster=f"cl_{i * 97:012d}",
            action="edit",
            author="ana",
            field="type",
            after="assault",
            reason="x",
        )
    )
print(f"1000 edits: {time.perf_counter() - t:.1f}s")
t = time.perf_counter()
for i in range(0, 1000):
    store.add_review(
        Review(cluster=f"cl_{i * 89 + 1:012d}", action="verify", author="ana", reason="x")
    )
print(f"1000 verdicts: {time.perf_counter() - t:.1f}s")
cases = {
    "first page, no filter": EventFilter(limit=50),
    "type=assault": EventFilter(type="assault", limit=50),
    "type + year": EventFilter(
        type="detention", date_from=date(2020, 1, 1), date_to=date(2020, 12, 31), limit=50
    ),
    "country KZ": EventFilter(place="KZ", limit=50),
    "place substring": EventFilter(place="town42", limit=50),
    "status announced (none)": EventFilter(status="announced", limit=50),
    "text search": EventFilter(text="number", limit=50),
    "by sources desc": EventFilter(order="-sources", limit=50),
    "by confidence": EventFilter(order="-confidence", limit=50),
    "last page": EventFilter(offset=99_950, limit=50),
    "review=verified": EventFilter(review="verified", limit=50),
    "review=unreviewed": EventFilter(review="unreviewed", limit=50),
}
for name, f in cases.items():
    best = 1e9
    for _ in range(3):
        t = time.perf_counter()
        store.clusters(f)
        n = store.count_clusters(f)
        best = min(best, time.perf_counter() - t)
    print(f"{name:28s} {best * 1000:7.0f} ms  ({n} match)")
