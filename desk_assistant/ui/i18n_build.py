"""Compile resources/i18n/*.ts into .qm files with pyside6-lrelease (run by `make run` / `make test`).

`python -m desk_assistant.ui.i18n_build --update` first refreshes the .ts sources from the code with
pyside6-lupdate (developers run it after changing user-visible strings).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from desk_assistant.core.paths import resources_dir

LANGUAGES = ("zh_CN",)


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def source_files() -> list[str]:
    package = Path(__file__).resolve().parent.parent
    return sorted(str(p) for p in package.rglob("*.py"))


def update_sources() -> None:
    i18n = resources_dir() / "i18n"
    i18n.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        ts = i18n / f"desk_assistant_{lang}.ts"
        subprocess.run(
            [_tool("pyside6-lupdate"), *source_files(), "-no-obsolete", "-ts", str(ts)], check=True
        )


def compile_translations() -> list[Path]:
    built = []
    for ts in sorted((resources_dir() / "i18n").glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            built.append(qm)
            continue
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


if __name__ == "__main__":
    if "--update" in sys.argv:
        update_sources()
    for path in compile_translations():
        print(f"translations: {path.name}")
