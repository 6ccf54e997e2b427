"""The user's files are the user's: data, settings and log folders 0700, their files 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folders_and_files_are_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "DESK_ASSISTANT_HOME": str(home)}
    script = (
        "from desk_assistant.core.settings import Settings, save_settings\n"
        "from desk_assistant.storage.store import ConversationStore\n"
        "save_settings(Settings())\n"
        "store = ConversationStore()\n"
        "store.append_message(store.create_conversation().id, 'user', 'private words')\n"
        "store.close()\n"
    )
    old_umask = os.umask(0o022)  # a usual umask: without care, files would be 0644
    try:
        subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True, timeout=60)
        subprocess.run(
            [sys.executable, "-m", "desk_assistant", "history", "list"],
            env=env,
            cwd=ROOT,
            check=True,
            timeout=60,
            capture_output=True,
        )
    finally:
        os.umask(old_umask)
    folders = [home / "data", home / "config", home / "logs"]
    files = [
        home / "config" / "settings.json",
        home / "logs" / "desk-assistant.log",
        home / "logs" / "crash.log",
        *(home / "data").glob("*.sqlite3*"),
    ]
    assert len(files) >= 4
    assert {str(p): oct(mode(p)) for p in folders} == {str(p): "0o700" for p in folders}
    assert {str(p): oct(mode(p)) for p in files} == {str(p): "0o600" for p in files}


def test_an_existing_open_folder_is_made_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desk_assistant.core import paths

    monkeypatch.setenv("DESK_ASSISTANT_HOME", str(tmp_path))
    (tmp_path / "config").mkdir(mode=0o755)
    os.chmod(tmp_path / "config", 0o755)
    assert mode(paths.config_dir()) == 0o700
