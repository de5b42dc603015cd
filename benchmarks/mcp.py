"""`credo mcp` speed on a 10,000-task store, over the real stdio transport.

Prints medians (start) and p95s (calls) beside floors measured in the same run: a bare
MCP server of the same SDK with one trivial tool, started and called the same way (what
credo cannot beat: Python, the SDK's imports and the JSON-RPC round trip).
Targets: start to first tool answer under 1 s; `list_tasks` p95 under 50 ms and
`add_task` p95 under 30 ms.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
from pyc import compiled

# This script's own name would shadow the SDK: import it with the folder off the path.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
from mcp import Client, StdioServerParameters  # noqa: E402

sys.path.append(str(HERE))
from store import fill  # noqa: E402

CREDO = str(Path(sys.executable).parent / "credo")
STARTS, CALLS = 5, 200
BARE = """\
from mcp.server.mcpserver import MCPServer

server = MCPServer("bare", log_level="WARNING")


@server.tool()
def ping() -> dict[str, int]:
    return {"ok": 1}


server.run("stdio")
"""


async def start_to_answer(params: StdioServerParameters, tool: str, args: dict[str, Any]) -> float:
    begin = time.perf_counter()
    async with Client(params) as client:
        result = await client.call_tool(tool, args)
        took = time.perf_counter() - begin
        assert not result.is_error, result.content
    return took


async def call_times(
    params: StdioServerParameters, calls: list[tuple[str, dict[str, Any]]]
) -> list[float]:
    times = []
    async with Client(params) as client:
        for tool, args in calls:
            begin = time.perf_counter()
            result = await client.call_tool(tool, args)
            times.append(time.perf_counter() - begin)
            assert not result.is_error, result.content
    return times


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


async def main() -> None:
    print(compiled())
    root = Path(tempfile.mkdtemp(prefix="credo-bench-mcp-"))
    try:
        print("filling a store with 10,000 tasks...")
        store = fill(root)
        bare_script = root / "bare_server.py"
        bare_script.write_text(BARE)
        credo = StdioServerParameters(command=CREDO, args=["mcp"], cwd=str(store.project_root))
        bare = StdioServerParameters(command=sys.executable, args=[str(bare_script)])

        floor_start, start = [], []
        for _ in range(STARTS):
            floor_start.append(await start_to_answer(bare, "ping", {}))
            start.append(await start_to_answer(credo, "list_tasks", {"limit": 1}))
        floor_calls = await call_times(bare, [("ping", {})] * CALLS)
        lists = await call_times(credo, [("list_tasks", {})] * CALLS)
        adds = await call_times(
            credo, [("add_task", {"line": f"Benchmark task {n} #bench"}) for n in range(CALLS)]
        )

        print(f"start: median of {STARTS}; calls: p95 of {CALLS} (floor: a bare MCP server)")
        print(f"  floor start to first answer    {statistics.median(floor_start) * 1000:8.0f} ms")
        print(
            f"  credo mcp start to first answer{statistics.median(start) * 1000:8.0f} ms"
            "   target < 1000 ms"
        )
        print(f"  floor call (trivial tool)      {p95(floor_calls):8.1f} ms")
        print(f"  list_tasks (50 of 10,000)      {p95(lists):8.1f} ms   target < 50 ms")
        print(f"  add_task                       {p95(adds):8.1f} ms   target < 30 ms")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    anyio.run(main)
