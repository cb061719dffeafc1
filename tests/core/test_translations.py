import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_a_german_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "--ignore-dirs=.venv tests bench migrations", "-o", str(template), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with (ROOT / "translations/de/LC_MESSAGES/messages.po").open("rb") as po, template.open("rb") as pot:
        german, wanted = read_po(po), read_po(pot)

    extracted = {msgid(m) for m in wanted if m.id}
    translated = {msgid(m) for m in german if m.id and all_filled(m.string) and "fuzzy" not in m.flags}

    assert sorted(extracted - translated) == []


def msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def all_filled(string) -> bool:
    return bool(string) and all(string) if isinstance(string, tuple) else bool(string)
