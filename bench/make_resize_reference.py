#!/usr/bin/python3
"""Reference outputs of torchvision's Resize(size) + ToTensor() on real Fashion-MNIST images, for
ResizeTest. Needs Debian's python3-torchvision python3-pil and /usr/share/datasets/fashion-mnist.
Run from the repo root: /usr/bin/python3 bench/make_resize_reference.py

Writes src/test/resources/data/resize-reference.bin.gz, big-endian:
  int32 imageCount, int32 sizeCount, sizeCount × int32 size,
  then per image: 784 uint8 source pixels, then per size: size*size float32 (torchvision's tensor).
"""
import gzip, struct
import numpy as np
import torchvision, PIL
from PIL import Image
from torchvision import transforms

SRC = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
INDICES = [0, 1, 42]          # ankle boot, T-shirt, and one more
SIZES = [224, 96, 68, 32]

with gzip.open(SRC) as f:
    raw = f.read()
images = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 28, 28)

with gzip.GzipFile("src/test/resources/data/resize-reference.bin.gz", "wb", mtime=0) as out:
    out.write(struct.pack(">ii", len(INDICES), len(SIZES)))
    out.write(struct.pack(">" + "i" * len(SIZES), *SIZES))
    for i in INDICES:
        img = images[i]
        out.write(img.tobytes())
        pil = Image.fromarray(img, mode="L")   # what torchvision's FashionMNIST dataset returns
        for s in SIZES:
            t = transforms.Compose([transforms.Resize(s), transforms.ToTensor()])(pil)
            assert tuple(t.shape) == (1, s, s)
            out.write(t.numpy().astype(">f4").tobytes())
print("torchvision", torchvision.__version__, "PIL", PIL.__version__)
