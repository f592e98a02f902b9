"""Small helpers more than one test module needs."""

from __future__ import annotations

from pathlib import Path


def edit(path: Path, *pairs: tuple[str, str]) -> None:
    """Replace text in a file, each old text once; it must be there."""
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, (path.name, old)
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def children(pid: int) -> set[int]:
    """The processes ``pid`` has started (a build's render workers)."""
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def running_in_group(group: int) -> list[int]:
    """The processes of a process group that still run (LibreOffice's, say)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) == group and fields[0] not in "ZX":  # a zombie runs no more
            running.append(int(stat.parent.name))
    return running


def alive(pid: int) -> bool:
    """The process runs (a zombie waiting to be reaped does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def bound_sockets(pids) -> set[str]:
    """The file paths of the Unix sockets these processes hold open (LibreOffice's pipe in
    /tmp, say), read from /proc: what the program really made, not what we expect it to."""
    inodes, pids = set(), list(pids)
    for pid in pids:
        try:
            links = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for link in links:
            try:
                target = str(link.readlink())
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    paths = set()
    # each process's own table: LibreOffice runs in a network namespace of its own
    for table in {f"/proc/{pid}/net/unix" for pid in pids} | {"/proc/net/unix"}:
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue  # ended meanwhile
        for line in lines:
            fields = line.split()
            if len(fields) >= 8 and fields[6] in inodes and fields[7].startswith("/"):
                paths.add(fields[7])
    return paths
