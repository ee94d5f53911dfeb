"""Cache entries that prove they were written by a build on this machine, and are whole.

The map and template caches live in the working tree (`.cache/briefing/`), which a pull request can
write to (`git add -f`): a committed map entry would be published as the site's HTML, a committed
template bytecode file would run as code in the build. So every entry starts with an HMAC-SHA256 of its
body, keyed by a secret kept outside the repository (`$XDG_CACHE_HOME/briefing/cache-secret`, made on
first use). An entry that is truncated, corrupt, edited or from another machine (a CI runner starts with
a new secret) does not verify and is rebuilt; it never reaches the site and never crashes the build.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

_DIGEST = hashlib.sha256().digest_size * 2  # hex characters


def secret_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / "cache-secret"


@lru_cache(maxsize=1)
def _secret() -> bytes | None:
    path = secret_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # Written whole under another name, then linked in: a build starting at the same moment
            # sees no file or the whole secret, and only one secret ever wins.
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        value = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return value.encode() if len(value) == 64 else None


def available() -> bool:
    """False when no secret can be kept: the disk caches are then not used at all."""
    return _secret() is not None


def sign(body: bytes) -> bytes:
    key = _secret()
    if key is None:
        raise OSError("no cache secret")
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b"\n" + body


def verify(raw: bytes) -> bytes | None:
    """The body of a signed entry, or None when it is not whole and ours."""
    key = _secret()
    if key is None or len(raw) <= _DIGEST or raw[_DIGEST:_DIGEST + 1] != b"\n":
        return None
    mac, body = raw[:_DIGEST], raw[_DIGEST + 1:]
    return body if hmac.compare_digest(mac, hmac.new(key, body, hashlib.sha256).hexdigest().encode()) else None


def read(path: Path) -> bytes | None:
    """The body of the signed entry at `path`, or None when it is missing, not whole or not ours."""
    try:
        return verify(path.read_bytes())
    except OSError:
        return None


def write(path: Path, body: bytes) -> None:
    """Sign and store `body` at `path`, whole or not at all (a read-only or full disk only costs speed)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(sign(body))
        os.replace(tmp, path)  # readers see the old entry or the whole new one
    except OSError:
        pass
