"""One full-batch loss-and-gradient step in PyTorch on the shapes of `bin/hamu perf --sections
model-shapes,model-shapes-spark`, and the comparison of the two engines' rows per second.

  pytorch-step.py measure <csv> <threads> <repeats> <blas>   append PyTorch's figures to <csv>
  pytorch-step.py compare <pytorch csv> <hamu results.csv> <markdown out>

The step is what the executor's loss statistics compute: the forward pass, the summed loss, and
the gradient of every parameter, in float64, over random Gaussian features and uniform labels. The
whole matrix is one batch (PyTorch's best case: one call per layer). Each figure is the median of
<repeats> steps after one warm-up.
"""

import csv
import statistics
import sys
import time

SHAPES = [
    # (name as the model-shapes section writes it, layer widths, rows)
    ("sigmoid MLP 784-256-10", [784, 256, 10], 60_000),
    ("softmax LR 784x10", [784, 10], 60_000),
    ("binary LR 100", [100, 1], 1_000_000),
]


def step_seconds(torch, widths, rows, repeats):
    gen = torch.Generator().manual_seed(5)
    x = torch.randn(rows, widths[0], dtype=torch.float64, generator=gen)
    layers = [
        torch.nn.Linear(a, b, dtype=torch.float64) for a, b in zip(widths[:-1], widths[1:])
    ]
    params = [p for layer in layers for p in layer.parameters()]
    binary = widths[-1] == 1
    classes = 2 if binary else widths[-1]
    y = torch.randint(0, classes, (rows,), generator=gen)
    target = y.to(torch.float64).unsqueeze(1) if binary else y

    def step():
        h = x
        for layer in layers[:-1]:
            h = torch.sigmoid(layer(h))
        z = layers[-1](h)
        if binary:
            loss = torch.nn.functional.binary_cross_entropy_with_logits(z, target, reduction="sum")
        else:
            loss = torch.nn.functional.cross_entropy(z, target, reduction="sum")
        grads = torch.autograd.grad(loss, params)
        return loss.item(), grads

    step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(out, threads, repeats, blas):
    import torch

    torch.set_num_threads(threads)
    with open(out, "a", newline="") as f:
        w = csv.writer(f)
        if f.tell() == 0:
            w.writerow(["shape", "rows", "threads", "ms", "rows/s/core", "torch", "blas"])
        for name, widths, rows in SHAPES:
            s = step_seconds(torch, widths, rows, repeats)
            w.writerow([name, rows, threads, f"{s * 1e3:.1f}", f"{rows / s / threads:.0f}",
                        torch.__version__, blas])
            print(f"[pytorch] {name}: {threads} thread(s), {s * 1e3:.1f} ms", flush=True)


def compare(pytorch_csv, hamu_csv, out):
    with open(pytorch_csv) as f:
        torch_rows = list(csv.DictReader(f))
    executor, spark = {}, {}
    with open(hamu_csv) as f:
        for r in csv.DictReader(f):
            if r["section"] == "model-shapes" and r["metric"] == "rows/s (1 thread), sized blocks":
                executor[r["case"]] = float(r["value"])
            if r["section"] == "model-shapes-spark" and r["metric"] == "rows/s/core (iteration wall)":
                spark[r["case"]] = float(r["value"])
    lines = [
        "| shape | rows | PyTorch threads | PyTorch rows/s/core | HAMU executor path, 1 thread,"
        " rows/s | executor / PyTorch | HAMU Spark iteration, rows/s/core | Spark / PyTorch |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _, rows in SHAPES:
        for threads in sorted({int(r["threads"]) for r in torch_rows}):
            runs = [float(r["rows/s/core"]) for r in torch_rows
                    if r["shape"] == name and int(r["threads"]) == threads]
            if not runs:
                continue
            per_core = statistics.median(runs)
            cells = [f"{name}", f"{rows:,}", f"{threads}", f"{per_core:,.0f}"]
            for figures in (executor, spark):
                value = figures.get(name)
                cells += ["", ""] if value is None else [f"{value:,.0f}", f"**{value / per_core:.2f}**"]
            lines.append("| " + " | ".join(cells) + " |")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "measure":
        measure(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif len(sys.argv) == 5 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
