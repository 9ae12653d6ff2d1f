#!/usr/bin/env python3
"""The module graph of docs/architecture.md, made from Package.swift (`swift package describe`).

    scripts/module-graph.py            print the graph (Mermaid)
    scripts/module-graph.py --write    rewrite the graph section of docs/architecture.md
    scripts/module-graph.py --check    exit 1 when docs/architecture.md's graph is not Package.swift's

Only the product's modules are drawn (libraries, system libraries, the three executables): tests
and benchmarks depend on them and are left out, as are the packages from outside.
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "architecture.md"
BEGIN = "<!-- module graph: made by scripts/module-graph.py from Package.swift; do not edit by hand -->"
END = "<!-- end of module graph -->"
EXECUTABLES = {"loyalty-terminal", "loyalty-backoffice", "loyalty-sim"}


def graph() -> str:
    described = subprocess.run(
        ["swift", "package", "describe", "--type", "json"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    targets = json.loads(described[described.index("{"):])["targets"]
    drawn = {t["name"]: t for t in targets if t["type"] in ("library", "system-target") or t["name"] in EXECUTABLES}
    lines = ["```mermaid", "graph TD"]
    for name in sorted(drawn):
        for dependency in sorted(drawn[name].get("target_dependencies", [])):
            if dependency in drawn:
                lines.append(f"    {node(name)} --> {node(dependency)}")
    lines.append("```")
    return "\n".join(lines)


def node(name: str) -> str:
    return name.replace("-", "_") + (f"([{name}])" if name in EXECUTABLES else "")


def main() -> int:
    text = graph()
    if len(sys.argv) == 1:
        print(text)
        return 0
    document = DOCUMENT.read_text()
    start, end = document.index(BEGIN) + len(BEGIN), document.index(END)
    current = document[start:end].strip()
    if sys.argv[1] == "--check":
        if current != text:
            print("docs/architecture.md: the module graph is not Package.swift's; run scripts/module-graph.py --write", file=sys.stderr)
            return 1
        return 0
    if sys.argv[1] == "--write":
        DOCUMENT.write_text(document[:start] + "\n" + text + "\n" + document[end:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
