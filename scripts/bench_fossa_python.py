#!/usr/bin/python3
"""Times an exported FOSSA TorchScript in PyTorch-Python: the reference side of scripts/bench-fossa.

    /usr/bin/python3 scripts/bench_fossa_python.py MODEL.pt --slices 5 --height 518 --width 777 [--runs 3]

Prints one JSON line: median seconds per forward (after one warm-up), peak RSS in MB, torch version and threads.
Inputs are deterministic random data (the same generator as the Java side is not needed: cost does not depend
on pixel values).
"""
import argparse
import json
import resource
import statistics
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--slices", type=int, default=5)
    ap.add_argument("--height", type=int, default=518)
    ap.add_argument("--width", type=int, default=777)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--graph-optimizer", action="store_true",
                    help="leave TorchScript's profiling graph optimiser on (DefocusJ switches it off in DJL)")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    # The same executor setting as DefocusJ uses in DJL: without it the first calls profile and re-optimise
    # the graph, which on CPU costs more than the forward pass itself.
    torch._C._set_graph_executor_optimize(a.graph_optimizer)
    model = torch.jit.load(a.model, map_location="cpu").eval()
    x = torch.rand(1, a.slices, 3, a.height, a.width)
    fd = torch.linspace(0.3, 3.0, a.slices).unsqueeze(0)
    times = []
    with torch.inference_mode():
        model(x, fd)  # warm-up
        for _ in range(a.runs):
            t = time.perf_counter()
            model(x, fd)
            times.append(time.perf_counter() - t)
    print(json.dumps({"side": "python", "median_s": statistics.median(times), "runs": times,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
                      "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "graph_optimizer": a.graph_optimizer}))


if __name__ == "__main__":
    main()
