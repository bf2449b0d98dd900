#!/usr/bin/env python3
"""Saliency and Grad-CAM of a network in plain PyTorch (autograd and hooks, float64): the reference
that AlexNet Studio's explanations are held to (issue 19).

The network is the nn.Sequential listing the app exports (File > Export PyTorch code, or any file the
app can import); its weights are the .npz the app exports (train --export-npz, or the Train tab's
Export .npz), keyed like the state_dict. Conventions (the app's Heatmaps class states the same):
  saliency  max over input channels of |d score / d x|, score = the class's logit (before softmax)
  Grad-CAM  A = output of module L (K x h x w), G = d score / d A, alpha_k = mean over h, w of G_k,
            cam = ReLU(sum_k alpha_k A_k), then F.interpolate(size=input, mode="bilinear",
            align_corners=False); raw, not normalised.

Two uses:
  1. The committed fixture (ExplanationFixtureTest): the first 16 test images of Fashion-MNIST
     /usr/bin/python3 bench/explain_reference.py --code src/test/resources/explain/fixture-net.py \
         --weights src/test/resources/explain/fixture-weights.npz --cam-layers 9,6 \
         --out src/test/resources/explain/pytorch-maps.npz
  2. Checking the app's explain command on any network (e.g. alexnet-mini, or the book's AlexNet
     whose 224x224 inputs the command writes, resized by the app, to inputs.npy):
     java -jar target/alexnet-studio.jar explain --checkpoint mini.ckpt --test-indices 0-15 \
         --method gradcam --out /tmp/ex --export-npz /tmp/ex/weights.npz --export-code /tmp/ex/net.py
     /usr/bin/python3 bench/explain_reference.py --code /tmp/ex/net.py --weights /tmp/ex/weights.npz \
         --compare /tmp/ex
     prints the largest difference over the map's scale (max |ours - PyTorch| / max |PyTorch|).
"""
import argparse
import gzip
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def load_network(code_file, weights_file):
    source = open(code_file, encoding="utf-8").read()
    # the book's listings import d2l, which the reference does not need
    source = "\n".join(l for l in source.splitlines() if "d2l" not in l)
    scope = {"torch": torch, "nn": nn}
    exec(compile(source, code_file, "exec"), scope)
    net = scope.get("net")
    if not isinstance(net, nn.Module):
        sys.exit(f"{code_file}: expected a variable 'net' holding an nn.Sequential")
    state = {k: torch.from_numpy(np.array(v)) for k, v in np.load(weights_file).items()}
    net.load_state_dict(state)
    return net.double().eval()


def test_images(data_dir, count):
    def read(name):
        path = os.path.join(data_dir, name)
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            return f.read()
    images = read("t10k-images-idx3-ubyte.gz")
    labels = read("t10k-labels-idx1-ubyte.gz")
    _, n, rows, cols = struct.unpack(">IIII", images[:16])
    pixels = np.frombuffer(images, dtype=np.uint8, offset=16).reshape(n, 1, rows, cols)[:count]
    # ToTensor: uint8 / 255 in float32, what the app feeds a 28x28 network
    return (pixels.astype(np.float32) / np.float32(255)), np.frombuffer(labels, dtype=np.uint8, offset=8)[:count]


def tie_margin(net, image):
    """The smallest relative gap between the two largest values of any max-pool window (exact ties,
    which PyTorch and the app both give to the first, excluded): below float32's resolution (~1e-7) the
    float32 forward of another library may pick the other value, and the gradient goes elsewhere."""
    margins = []

    def hook(module, inputs, output):
        a = inputs[0]
        k, s, p = (module.kernel_size, module.stride, module.padding)
        k, s, p = [(v, v) if isinstance(v, int) else v for v in (k, s, p)]
        a = F.pad(a, (p[1], p[1], p[0], p[0]), value=float("-inf"))
        u = F.unfold(a, k, stride=s).view(a.shape[1], k[0] * k[1], -1)
        top2 = u.topk(2, dim=1).values
        gap = (top2[:, 0] - top2[:, 1]) / top2[:, 0].abs().clamp_min(1e-30)
        gap = gap[(top2[:, 0] - top2[:, 1]) > 0]
        if gap.numel():
            margins.append(float(gap.min()))

    handles = [m.register_forward_hook(hook) for m in net if isinstance(m, nn.MaxPool2d)]
    with torch.no_grad():
        net(torch.tensor(image, dtype=torch.float64).unsqueeze(0))
    for h in handles:
        h.remove()
    return min(margins) if margins else float("inf")


def explain(net, image, cls, cam_layers):
    """Saliency and Grad-CAM (per layer) of one image for one class, with autograd and hooks."""
    saved = {}
    handles = []
    for layer in cam_layers:
        def forward_hook(module, inputs, output, layer=layer):
            saved[(layer, "A")] = output
            output.register_hook(lambda grad: saved.__setitem__((layer, "G"), grad))
        handles.append(net[layer].register_forward_hook(forward_hook))
    x = torch.tensor(image, dtype=torch.float64).unsqueeze(0).requires_grad_(True)
    logits = net(x)
    logits[0, cls].backward()
    for h in handles:
        h.remove()
    saliency = x.grad.abs().amax(dim=1)[0]
    cams = {}
    for layer in cam_layers:
        a = saved[(layer, "A")][0].detach()
        g = saved[(layer, "G")][0]
        alpha = g.mean(dim=(1, 2))
        cam = torch.relu((alpha[:, None, None] * a).sum(dim=0))
        cams[layer] = F.interpolate(cam[None, None], size=image.shape[1:], mode="bilinear",
                                    align_corners=False)[0, 0]
    return saliency.numpy(), {k: v.numpy() for k, v in cams.items()}, logits.detach().numpy()[0]


def make_fixture(args):
    net = load_network(args.code, args.weights)
    images, labels = test_images(args.data, args.count)
    layers = [int(v) for v in args.cam_layers.split(",")]
    out = {"images": images, "labels": labels.astype(np.int64)}
    saliency = []
    cams = {l: [] for l in layers}
    predicted = []
    for image, label in zip(images, labels):
        s, c, logits = explain(net, image, int(label), layers)
        saliency.append(s)
        predicted.append(int(np.argmax(logits)))
        for l in layers:
            cams[l].append(c[l])
    out["saliency"] = np.stack(saliency).astype(np.float32)
    for l in layers:
        out[f"gradcam{l}"] = np.stack(cams[l]).astype(np.float32)
    out["predicted"] = np.array(predicted, dtype=np.int64)
    out["tie_margin"] = np.array([tie_margin(net, image) for image in images], dtype=np.float64)
    np.savez(args.out, **out)
    print(f"wrote {args.out}: {len(images)} images, torch {torch.__version__}, classes = true labels; "
          f"predicted {predicted}; max-pool tie margins {[f'{m:.1e}' for m in out['tie_margin']]}")


def compare(args):
    net = load_network(args.code, args.weights)
    inputs = np.load(os.path.join(args.compare, "inputs.npy"))
    classes = np.load(os.path.join(args.compare, "classes.npy"))
    ours = np.load(os.path.join(args.compare, "maps.npy"))
    method = open(os.path.join(args.compare, "method.txt")).read().split()
    name, layer = method[0], int(method[1]) if len(method) > 1 else None
    worst = 0.0
    for k, (image, cls) in enumerate(zip(inputs, classes)):
        s, c, _ = explain(net, image, int(cls), [layer] if layer is not None else [])
        ref = s if name == "saliency" else c[layer]
        scale = float(np.abs(ref).max()) or 1.0
        diff = float(np.abs(ours[k] - ref).max()) / scale
        worst = max(worst, diff)
        print(f"image {k}: class {int(cls)}, {name} scale {scale:.4g}, max |ours - PyTorch| / scale = {diff:.2e}")
    print(f"largest: {worst:.2e} ({'within' if worst <= 1e-4 else 'OUTSIDE'} 1e-4)")
    return 0 if worst <= 1e-4 else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--code", required=True, help="the nn.Sequential listing (assigned to 'net')")
    p.add_argument("--weights", required=True, help="the state_dict as .npz")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist", help="Fashion-MNIST's IDX files")
    p.add_argument("--count", type=int, default=16, help="the first N test images")
    p.add_argument("--cam-layers", default="", help="Grad-CAM at these Sequential indices, e.g. 9,6")
    p.add_argument("--out", help="the fixture .npz to write")
    p.add_argument("--compare", metavar="DIR", help="a folder written by the app's explain command")
    args = p.parse_args()
    if args.compare:
        sys.exit(compare(args))
    if not args.out or not args.cam_layers:
        p.error("--out and --cam-layers make the fixture (or give --compare DIR)")
    make_fixture(args)


if __name__ == "__main__":
    main()
