"""The intake tests' world: three invented reports, a desk that reads material the way
``khronika serve`` does (the CLI's own intake), and waiting for a batch to finish.

Imported by the tests as ``intakedesk`` (the test folders are not packages; the name is unique).
"""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

# Invented people and outlets; the towns are real so the gazetteer places them.
REPORTS = {
    "pavlodar-picket.txt": (
        "Police detain teacher Dana Ospan at Pavlodar picket\n\n"
        "PAVLODAR, 12 May 2025 (Birch Wire) - Police detained the schoolteacher Dana Ospan "
        "in Pavlodar on Monday during a picket outside the regional education office, her "
        "colleagues said. She was released after six hours.\n"
    ),
    "karaganda-court.md": (
        "# Karaganda court fines miner Timur Abenov\n\n"
        "KARAGANDA, 20 May 2025 (Birch Wire) - A court in Karaganda fined the miner Timur "
        "Abenov on Tuesday for taking part in an unsanctioned strike meeting, his lawyer "
        "said.\n"
    ),
}
PASTED = (
    "Police detain activist Saule Nurgaliyeva in Kostanay\n\n"
    "KOSTANAY, 3 June 2025 (Birch Wire) - Police detained the activist Saule Nurgaliyeva "
    "in Kostanay on Tuesday as she handed out leaflets about a rise in bus fares, witnesses "
    "said.\n"
)


def wait_for(client: TestClient, job_url: str, timeout: float = 120) -> dict[str, Any]:
    """The status of the batch at ``job_url`` once it has finished."""
    deadline = time.monotonic() + timeout
    while True:
        status: dict[str, Any] = client.get(job_url).json()
        if status["state"] in ("done", "failed"):
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"the batch did not finish: {status}")
        time.sleep(0.1)
