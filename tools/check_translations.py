"""Fail when a user-facing string has no Simplified Chinese translation.

Runs `makemessages` in a temporary copy of the source tree (makemessages updates every `locale`
directory below its working directory, so it must not run in the checkout), then lists every entry
of the zh_Hans catalogue that is untranslated or fuzzy.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "yiyang"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "yiyang"
        shutil.copytree(SOURCE, tree, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        copy = tree / "locale"
        env = os.environ | {"YIYANG_LOCALE_DIR": str(copy)}
        command = [
            str(ROOT / ".venv" / "bin" / "yiyang"),
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "-v0",
        ]
        subprocess.run(command, cwd=tree, env=env, check=True)
        catalogue = polib.pofile(str(copy / "zh_Hans" / "LC_MESSAGES" / "django.po"))
        missing = [entry for entry in catalogue if not entry.translated() and not entry.obsolete]
    for entry in missing:
        where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
        print(f"untranslated: {entry.msgid!r} ({where})")
    if missing:
        print(f"{len(missing)} strings lack a zh_Hans translation (docs/development/README.md)")
        return 1
    print(f"translations complete: {len(catalogue)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
