"""A failed build leaves the last good site in place.

`mkdocs build` empties site/ first and writes page by page, so an error halfway (a broken page, a PDF
failure, a strict-mode warning, which MkDocs only acts on after on_post_build) would leave a half-written
site. Instead MkDocs is pointed at a new sibling folder; when the build has succeeded, with no warning
that strict mode will abort on, the new folder replaces site/ by two renames. On any failure the new
folder is removed and site/ is not touched. Dot-files in site/ that the build did not write (`.git` of a
deploy checkout, `.nojekyll`) move into the new site, as stock MkDocs keeps them.

Only for `mkdocs build` and `mkdocs gh-deploy` (known from on_startup): `mkdocs serve` builds into a
temporary folder of its own. Without on_startup (MkDocs called as a library) nothing changes either.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.briefing")

PUBLISHING_COMMANDS = ("build", "gh-deploy")


class Publisher:
    def __init__(self) -> None:
        self.command: str | None = None
        self.target: Path | None = None
        self.staging: Path | None = None

    def startup(self, command: str) -> None:
        self.command = command

    def begin(self, config: Any) -> None:
        """on_config: send MkDocs's output to a new folder beside site/."""
        self.discard()  # a previous build in the same process (serve --clean) that never finished
        if self.command not in PUBLISHING_COMMANDS:
            return
        target = Path(config["site_dir"]).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(target)
        # os.mkdir rather than mkdtemp: the folder becomes site/ and must get the usual permissions.
        staging = target.parent / f"{_prefix(target)}{os.getpid()}-{secrets.token_hex(4)}"
        staging.mkdir()
        self.target, self.staging = target, staging
        config["site_dir"] = str(staging)

    def finish(self, config: Any) -> bool:
        """on_post_build, last of all: publish, unless strict mode is about to abort. True if published."""
        if self.staging is None or self.target is None:
            return False
        warnings = _strict_warnings() if config.get("strict") else 0
        if warnings:
            # info, not error: an error would be counted too, and MkDocs reports the count next.
            log.info("briefing: %d warning(s) in strict mode: the new site is discarded, %s is unchanged",
                      warnings, self.target)
            self.discard()
            config["site_dir"] = str(self.target)
            return False
        staging, target = self.staging, self.target
        self.staging = None
        _swap(staging, target)
        config["site_dir"] = str(target)  # gh-deploy reads it after the build
        log.info("briefing: published the site to %s", target)
        return True

    def discard(self) -> None:
        """on_build_error: remove the unfinished folder; site/ stays as it was."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        self.staging = None


def _prefix(target: Path) -> str:
    return f".{target.name}.building-"


def _strict_warnings() -> int:
    """Warnings MkDocs has counted so far; strict mode aborts on these right after on_post_build."""
    from mkdocs.utils import CountHandler

    return sum(
        count
        for handler in logging.getLogger("mkdocs").handlers if isinstance(handler, CountHandler)
        for _, count in handler.get_counts()
    )


def _remove_stale(target: Path) -> None:
    """Folders left by builds that were killed (their process is gone)."""
    pattern = re.compile(re.escape(_prefix(target)) + r"(\d+)-[0-9a-f]+$|" + re.escape(f".{target.name}.old-") + r"(\d+)-[0-9a-f]+$")
    for path in target.parent.iterdir():
        match = pattern.match(path.name)
        if match and path.is_dir() and not _alive(int(match.group(1) or match.group(2))):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap(staging: Path, target: Path) -> None:
    """Put staging in target's place: old site aside, new site in, old site removed."""
    if not target.exists():
        os.rename(staging, target)
        return
    if target.is_symlink() or not target.is_dir():
        shutil.rmtree(staging, ignore_errors=True)
        raise OSError(errno.ENOTDIR, "not a folder, refusing to replace it", str(target))
    backup = target.parent / f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        os.rename(target, backup)
    except OSError as exc:
        if exc.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES):
            raise
        _replace_contents(staging, target)  # site/ is a mount point or not ours to rename
        return
    kept = _carry_dotfiles(backup, staging)
    try:
        os.rename(staging, target)
    except OSError:
        _carry_dotfiles(staging, backup, kept)
        os.rename(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _carry_dotfiles(old: Path, new: Path, names: list[str] | None = None) -> list[str]:
    """Move the dot-files of the old site the build did not write (a deploy checkout's `.git`, the Pages
    marker `.nojekyll`) into the new one, as stock MkDocs keeps them when it cleans site_dir."""
    if names is None:
        names = [child.name for child in old.iterdir() if child.name.startswith(".") and not (new / child.name).exists()]
    for name in names:
        os.rename(old / name, new / name)
    return names


def _replace_contents(staging: Path, target: Path) -> None:
    """Fallback when site/ itself cannot be renamed: the build is complete, so only the copy can fail."""
    for child in list(target.iterdir()):
        if child.name.startswith(".") and not (staging / child.name).exists():
            continue  # not ours: kept, as stock MkDocs keeps dot-files
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in list(staging.iterdir()):
        shutil.move(str(child), str(target / child.name))
    staging.rmdir()
