#!/usr/bin/env python3
"""Drives the kafka-connect-py CLI (`kc`, PyPI kafka-connect-py 1.0.0) through a connector lifecycle
against one Connect REST URL and prints one JSON line per step with the CLI's exit code, then a summary.

Usage: .cache/venv-kcpy/bin/python scripts/clients/kafka-connect-py.py <url> <scratch-dir> <name-prefix>
(install: python3 -m venv .cache/venv-kcpy && .cache/venv-kcpy/bin/pip install kafka-connect-py==1.0.0)
"""
import json
import os
import subprocess
import sys
import time

url, scratch, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
kc = os.path.join(os.path.dirname(sys.executable), "kc")
src, sink = f"{prefix}-src", f"{prefix}-sink"
source_file = os.path.join(scratch, f"{prefix}.txt")
with open(source_file, "w") as f:
    f.write("a\nb\n")
source = {"name": src, "config": {"connector.class": "FileStreamSource", "file": source_file, "topic": f"{prefix}-t"}}
sink_cfg = {"connector.class": "FileStreamSink", "file": os.path.join(scratch, f"{prefix}.out"), "topics": f"{prefix}-t"}


def step(name, *args, wait_for=None):
    for _ in range(100):
        p = subprocess.run([kc, "--url", url, *args], capture_output=True, text=True)
        if wait_for is None or (p.returncode == 0 and wait_for in p.stdout):
            break
        time.sleep(0.2)
    result = {"step": name, "ok": p.returncode == 0, "exit": p.returncode}
    if p.returncode != 0:
        result["stderr"] = p.stderr.strip().splitlines()[-1:] if p.stderr else []
    print(json.dumps(result), flush=True)
    return result


steps = [
    step("info", "info"),
    step("create source", "create", "-d", json.dumps(source)),
    step("update (create) sink", "update", sink, "-d", json.dumps(sink_cfg)),
    step("list", "list"),
    step("list expand status", "list", "-e", "status"),
    step("get", "get", src),
    step("config", "config", src),
    step("status running", "status", src, wait_for='"RUNNING"'),
    step("list tasks", "list-tasks", src, wait_for='"task"'),
    step("task status", "task-status", src, "0", wait_for='"state"'),
    step("pause", "pause", src),
    step("resume", "resume", src),
    step("restart", "restart", src),
    step("restart with tasks", "restart", src, "--include-tasks"),
    step("restart task", "restart-task", src, "0"),
    step("pause all", "pause", "--all", "--pattern", f"^{prefix}-"),
    step("resume all", "resume", "--all", "--pattern", f"^{prefix}-"),
    step("delete source", "delete", src),
    step("delete sink", "delete", sink),
]
print(json.dumps({"summary": True, "steps": len(steps), "ok": sum(s["ok"] for s in steps), "failed": [s["step"] for s in steps if not s["ok"]]}))
