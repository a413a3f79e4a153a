#!/usr/bin/env python3
"""PyTorch counterpart of bench/score_bench.cpp: every user x movie score on random features,
the movies each user has seen masked, the top K per user, users in chunks so the score matrix
stays bounded. Prints one JSON line with the best of REPEATS runs.

  /usr/bin/python3 bench/torch_score.py --threads 2
"""
import argparse
import json
import time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--users", type=int, default=5200)
    p.add_argument("--movies", type=int, default=140000)
    p.add_argument("--dim", type=int, default=200)
    p.add_argument("--k", type=int, default=100)
    p.add_argument("--seen", type=int, default=832000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--user-chunk", type=int, default=256)
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--no-mask", action="store_true", help="skip masking the seen movies")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(1)
    dev = torch.device(a.device)
    users = (torch.rand(a.users, a.dim, generator=g) * 2 - 1).to(dev)
    movies = (torch.rand(a.movies, a.dim, generator=g) * 2 - 1).to(dev)
    per_user = a.seen // a.users
    seen_rows = torch.arange(a.users).repeat_interleave(per_user).to(dev)
    seen_cols = torch.randint(a.movies, (a.users * per_user,), generator=g).to(dev)
    if a.device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False  # the exact fp32 path

    best = float("inf")
    for r in range(a.repeats + (a.device == "cuda")):  # a GPU run warms up first
        if a.device == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        for begin in range(0, a.users, a.user_chunk):
            end = min(begin + a.user_chunk, a.users)
            scores = users[begin:end] @ movies.T
            if not a.no_mask:
                pick = (seen_rows >= begin) & (seen_rows < end)
                scores[seen_rows[pick] - begin, seen_cols[pick]] = float("-inf")
            torch.topk(scores, a.k, dim=1)
        if a.device == "cuda":
            torch.cuda.synchronize()
        if a.device == "cpu" or r > 0:
            best = min(best, time.perf_counter() - t0)
    print(json.dumps({"users": a.users, "movies": a.movies, "dim": a.dim, "k": a.k,
                      "threads": a.threads, "user_chunk": a.user_chunk, "device": a.device,
                      "masked": not a.no_mask, "seconds": round(best, 6),
                      "peak_gpu_bytes": torch.cuda.max_memory_allocated() if a.device == "cuda"
                      else None, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
