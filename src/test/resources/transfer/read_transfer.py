"""An independent reader of a transfer body (spec files-backups-transfers.md §6.2, §6.5).

Usage: read_transfer.py <raw body file> <content type>. Splits the multipart body by hand, checks the
checksum part against hashlib's SHA-256 of the whole archive part, decompresses with zlib (every gzip
member in turn, as Go's multistream reader does), lists the tar with tarfile and prints one JSON object
describing what it found.
"""
import hashlib
import io
import json
import re
import sys
import tarfile
import zlib

body = open(sys.argv[1], "rb").read()
boundary = re.search(r'boundary="?([^";]+)"?', sys.argv[2]).group(1).encode()
pieces = body.split(b"--" + boundary)
framing_ok = pieces[0] == b"" and pieces[-1] == b"--\r\n"
names, parts = [], {}
for piece in pieces[1:-1]:
    head, _, data = piece.partition(b"\r\n\r\n")
    framing_ok = framing_ok and piece.startswith(b"\r\n") and data.endswith(b"\r\n")
    name = re.search(rb'name="([^"]+)"', head).group(1).decode()
    names.append(name)
    parts[name] = data[:-2]

archive = parts.get("archive", b"")
raw, rest, members, complete = b"", archive, 0, True
while rest:
    inflater = zlib.decompressobj(31)
    raw += inflater.decompress(rest) + inflater.flush()
    if not inflater.eof:
        complete = False
        break
    members += 1
    rest = inflater.unused_data
tar = tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
entries = []
for member in tar:
    entry = {"name": member.name, "type": "dir" if member.isdir() else "file" if member.isfile() else "other",
             "mode": member.mode & 0o7777, "size": member.size, "uid": member.uid, "gid": member.gid}
    if member.isfile():
        entry["sha256"] = hashlib.sha256(tar.extractfile(member).read()).hexdigest()
    entries.append(entry)
end = tar.offset
print(json.dumps({
    "names": names,
    "framing_ok": framing_ok,
    "checksum_text": parts.get("checksum", b"").decode("ascii", "replace"),
    "archive_sha256": hashlib.sha256(archive).hexdigest(),
    "gzip_members": members,
    "gzip_members_complete_no_trailing_bytes": complete and members > 0,
    "tar_ends_in_exactly_two_zero_records": len(raw) == end + 1024 and raw[end:] == bytes(1024),
    "sync_flush_before_final_block": archive[:-8].endswith(b"\x00\x00\xff\xff\x03\x00"),
    "entries": entries,
}))
