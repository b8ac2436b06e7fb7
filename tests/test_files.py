"""roletune.files: digests of large files are read once per process, and a changed file is read again."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from roletune import files


def test_large_file_digest_is_read_once_and_again_when_the_file_changes(tmp_path: Path, monkeypatch):
    big = tmp_path / "model.safetensors"
    big.write_bytes(b"a" * files.MEMO_MIN_BYTES)
    reads = []
    real = hashlib.sha256
    monkeypatch.setattr(files.hashlib, "sha256", lambda *a: reads.append(1) or real(*a))

    first = files.sha256_file(big)
    assert first == real(big.read_bytes()).hexdigest()
    assert files.sha256_file(big) == first and len(reads) == 1  # the second digest comes from the memo

    big.write_bytes(b"b" * files.MEMO_MIN_BYTES)  # same size, new content: its mtime moves
    st = big.stat()
    os.utime(big, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # even on a file system with coarse timestamps
    assert files.sha256_file(big) == real(big.read_bytes()).hexdigest() != first and len(reads) == 2


def test_small_files_are_always_read(tmp_path: Path):
    small = tmp_path / "config.json"
    small.write_text("{}")
    assert files.sha256_file(small) == hashlib.sha256(b"{}").hexdigest()
    small.write_text("[]")
    assert files.sha256_file(small) == hashlib.sha256(b"[]").hexdigest()
