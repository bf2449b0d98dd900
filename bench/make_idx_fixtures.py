#!/usr/bin/env python3
"""Writes the small good and bad IDX fixtures under src/test/resources/data (run from the repo root).
Deterministic: gzip mtime is 0. Images are 28x28 so FashionMnist.readSplit accepts the good ones."""
import gzip, io, struct, os

OUT = "src/test/resources/data"
N = 4

def images(n=N, magic=0x803, rows=28, cols=28):
    data = bytes(((i * 7 + r * 3 + c) % 256) for i in range(n) for r in range(rows) for c in range(cols))
    return struct.pack(">IIII", magic, n, rows, cols) + data

def labels(values, magic=0x801):
    return struct.pack(">II", magic, len(values)) + bytes(values)

def gz(raw):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(raw)
    return buf.getvalue()

def write(name, content):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(content)

os.makedirs(OUT, exist_ok=True)
good_images = images()
good_labels = labels([0, 3, 9, 3])
# a complete little data set, gzipped like the official files
os.makedirs(os.path.join(OUT, "good"), exist_ok=True)
for split in ("train", "t10k"):
    write(f"good/{split}-images-idx3-ubyte.gz", gz(good_images))
    write(f"good/{split}-labels-idx1-ubyte.gz", gz(good_labels))
write("good-images-idx3-ubyte", good_images)               # raw (not gzipped)
write("good-labels-idx1-ubyte", good_labels)
write("wrong-magic-images-idx3-ubyte", images(magic=0x801))
write("truncated-images-idx3-ubyte", good_images[:-100])
write("truncated-header-images-idx3-ubyte", good_images[:10])
write("trailing-images-idx3-ubyte", good_images + b"\x00\x01\x02")
write("count-mismatch-labels-idx1-ubyte", labels([1, 2, 3]))   # 3 labels for 4 images
write("bad-label-labels-idx1-ubyte", labels([1, 2, 12, 3]))
write("not-gzip-images-idx3-ubyte.gz", good_images)         # raw content under a .gz name
corrupt = bytearray(gz(good_images))
corrupt[len(corrupt) // 2] ^= 0xFF                           # flips one byte in the deflate data
write("corrupt-images-idx3-ubyte.gz", bytes(corrupt))
cut = gz(good_images)
write("cut-images-idx3-ubyte.gz", cut[: len(cut) // 2])      # gzip cut off mid-stream
write("small-images-idx3-ubyte", images(rows=8, cols=8))
