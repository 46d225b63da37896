#!/usr/bin/env python3
"""PyTorch reference for `./coopdistill bench` (issue 16): the same LeNet, sizes and search kernel.

Not part of the build. Run it beside the bench to compare a machine's figures, e.g. with Debian's
python3-torch:  OMP_NUM_THREADS=1 python3 simulation/bench/pytorch_reference.py [FASHION_MNIST_DIR]
It prints one JSON object with the keys the bench prints under `training` and `counterfactual`.

Mirrors conf/bench.conf and conf/learners-dl4j.conf: LeNet conv5x5x20-pool-conv5x5x50-pool-dense100,
ReLU, Adam 0.001, batch 64, one thread a model; 1,000 warm-up images, then 6,000 images for one
epoch; the teacher is trained 2 epochs on the first 2,000 images and teaches 200 test rows it gets
right with confidence at most 0.9. The search kernel is the bench's step: one forward pass and a
backward pass to the input only (parameters frozen), Adam on the 50% most variable pixels with
step 0.2, loss L1(x', x) + lambda * ||softmax(f(x')) - y'||^2, y' = p + alpha (onehot(y) - p),
alpha 0.5, a row stopping once ||p' - y'||_inf <= 0.05 (conf/counterfactual.conf). Lambda is fixed at
10^4 (the paper's largest lambda that converges) instead of the bench's schedule, which starts each
row at the lambda that reaches y' in the linearised problem and doubles it every 5 steps: compare
instance-steps per second (the kernel) first, and steps per row as a property of each schedule.
EPOCHS (default 1) sets the timed training epochs of 6,000 images; DEVICE (default cpu, e.g. cuda) where
the model and the data live.
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(800, 100), nn.ReLU(), nn.Linear(100, 10))


def train(model, x, y, epochs, batch=64):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=g)
        for s in range(0, len(x), batch):
            b = order[s:s + batch]
            opt.zero_grad()
            loss(model(x[b]), y[b]).backward()
            opt.step()


def search(model, x0, y, mask, alpha=0.5, epsilon=0.05, lr=0.2, lam=1e4, max_steps=100, b1=0.9, b2=0.999):
    """Adam on the input at a fixed lambda; rows that meet the target leave the batch (as in the bench's search)."""
    for p in model.parameters():
        p.requires_grad_(False)
    with torch.no_grad():
        p0 = torch.softmax(model(x0), 1)
    target = p0 + alpha * (nn.functional.one_hot(y, 10).float() - p0)
    x, found = x0.clone(), x0.clone()
    m, v = torch.zeros_like(x0), torch.zeros_like(x0)
    rows = torch.arange(len(x0), device=x0.device)
    steps = 0
    for t in range(1, max_steps + 1):
        xi = x[rows].requires_grad_(True)
        p = torch.softmax(model(xi), 1)
        done = (p - target[rows]).abs().amax(1) <= epsilon
        found[rows[done]] = xi.detach()[done]
        if done.all():
            rows = rows[:0]
            break
        loss = (xi - x0[rows]).abs().flatten(1).sum(1) + lam * ((p - target[rows]) ** 2).sum(1)
        (grad,) = torch.autograd.grad(loss[~done].sum(), xi)
        rows, grad, xi = rows[~done], grad[~done] * mask, xi.detach()[~done]
        m[rows] = b1 * m[rows] + (1 - b1) * grad
        v[rows] = b2 * v[rows] + (1 - b2) * grad * grad
        step = lr * (m[rows] / (1 - b1 ** t)) / ((v[rows] / (1 - b2 ** t)).sqrt() + 1e-8)
        x[rows] = (xi - step).clamp(0, 1)
        steps += len(rows)
    success = torch.ones(len(x0), dtype=torch.bool, device=x0.device)
    success[rows] = False
    l1 = (found - x0).abs().flatten(1).sum(1)[success]
    return steps, success, l1


def synchronized(device):
    """Waits for queued GPU work, so that a timer read afterwards counts it."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def main():
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    device = torch.device(os.environ.get("DEVICE", "cpu"))
    torch.manual_seed(0)
    folder = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    xs = torch.tensor(idx(os.path.join(folder, "train-images-idx3-ubyte.gz")), dtype=torch.float32).unsqueeze(1) / 255
    ys = torch.tensor(idx(os.path.join(folder, "train-labels-idx1-ubyte.gz")), dtype=torch.long)
    xt = torch.tensor(idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz")), dtype=torch.float32).unsqueeze(1) / 255
    yt = torch.tensor(idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz")), dtype=torch.long)
    xs, ys, xt, yt = xs.to(device), ys.to(device), xt.to(device), yt.to(device)

    model = lenet().to(device)
    train(model, xs[:1000], ys[:1000], 1)
    synchronized(device)
    cpu, wall = time.process_time(), time.perf_counter()
    epochs = int(os.environ.get("EPOCHS", "1"))
    train(model, xs[:6000], ys[:6000], epochs)
    synchronized(device)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    training = {"images": 6000 * epochs, "seconds": wall, "images_per_second": 6000 * epochs / wall, "images_per_cpu_second": 6000 * epochs / cpu,
                "threads": torch.get_num_threads(), "torch": torch.__version__,
                "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"}

    teacher = lenet().to(device)
    train(teacher, xs[:2000], ys[:2000], 2)
    with torch.no_grad():
        p = torch.softmax(teacher(xt), 1)
    right = (p.argmax(1) == yt) & (p.gather(1, yt[:, None])[:, 0] <= 0.9)
    rows = right.nonzero()[:, 0][:200]
    variance = xs[:2000].flatten(1).var(0)
    mask = (variance >= variance.median()).float().reshape(1, 1, 28, 28)
    cpu, wall = time.process_time(), time.perf_counter()
    steps, success, l1 = search(teacher, xt[rows], yt[rows], mask)
    synchronized(device)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    counterfactual = {"rows": len(rows), "seconds": wall, "instances_per_second": len(rows) / wall,
                      "instance_steps_per_second": steps / wall, "instance_steps_per_cpu_second": steps / cpu,
                      "mean_steps": steps / len(rows), "success_rate": float(success.float().mean()),
                      "median_l1": float(l1.median()) if len(l1) else float("nan")}
    print(json.dumps({"training": training, "counterfactual": counterfactual}, indent=2))


if __name__ == "__main__":
    main()
