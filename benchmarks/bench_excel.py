"""Benchmark: Periksa Data on a 33,439-row payload with ~1,000 findings (actions, server time).

Run: .venv/bin/python benchmarks/bench_excel.py [rows] [problem_every]
Prints JSON: payload size, findings, actions by kind, script time, HTTP round trip through the
xlwings-server app (TestClient, in process), for the Office.js client (33,439 rows) and the
VBA RunRemotePython client (32,000 rows: it cannot send more than 32,767).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ADDIN = Path(__file__).resolve().parents[1] / "src" / "kpps_xl" / "addin"


def main(rows: int = 33_439, every: int = 33, repeat: int = 2) -> dict:
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    os.environ["XLWINGS_PROJECT_DIR"] = str(ADDIN)
    os.environ["XLWINGS_ENABLE_SOCKETIO"] = "false"
    from fastapi.testclient import TestClient

    from kpps_xl.excel import scripts
    from kpps_xl.excel._xlwings import load_xlwings
    from kpps_xl.excel.demo import roster_rows
    from kpps_xl.excel.payload import payload_from_sheets

    xw = load_xlwings()
    import logging

    logging.disable(logging.INFO)
    from kpps_xl.excel.app import create_app
    from kpps_xl.excel.security import LOOPBACK_NAMES, Policy

    # The app `kpps-xl serve` runs: xlwings-server behind the KPPS guard (TestClient's Host).
    main_app = create_app(Policy(names=LOOPBACK_NAMES | {"testserver"}))

    out: dict = {}
    # The VBA client (RunServerPython) cannot send more than 32,767 rows: measure it just below the limit.
    for client_name, count in (("Office.js", rows), ("VBA", min(rows, 32_000))):
        values, _ = roster_rows(count, problems_every=every)
        payload = payload_from_sheets({"KEC KOTA MUKOMUKO": values}, client=client_name)
        body = json.dumps(payload)
        times, actions = [], []
        for _ in range(repeat):
            book = xw.Book(json=json.loads(body))
            start = time.perf_counter()
            scripts.periksa_roster(book)
            times.append(time.perf_counter() - start)
            actions = book.json()["actions"]
        with TestClient(main_app) as client:
            http = []
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.post("/xlwings/custom-scripts-call/periksa_roster",
                                       content=body, headers={"Content-Type": "application/json"})
                http.append(time.perf_counter() - start)
                assert response.status_code == 200, response.text[:500]
        temuan = next(a for a in actions if a["func"] == "setValues")["values"]
        out[client_name] = {
            "rows": count,
            "payload_mb": round(len(body) / 1e6, 2),
            "findings": len(temuan) - 1,
            "actions": len(actions),
            "actions_by_kind": dict(Counter(a["func"] for a in actions)),
            "response_mb": round(len(response.content) / 1e6, 2),
            "script_s_median": round(statistics.median(times), 3),
            "http_s_median": round(statistics.median(http), 3),
        }
    return out


if __name__ == "__main__":
    print(json.dumps(main(*(int(a) for a in sys.argv[1:3])), indent=2))
