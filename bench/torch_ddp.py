"""The CNN recommender of bench/torch_reference.py under PyTorch DistributedDataParallel (gloo, CPU):
what a PyTorch user would run for data-parallel training, for bench/dist_train_bench.sh. Each rank
takes its contiguous share of every global batch, as cinerec does; DDP all-reduces every gradient
(the embedding tables' densely). Prints one JSON line from rank 0: ms per step and samples/s.
Launch N processes with MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE set (torchrun's variables).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_reference as ref  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True)
    p.add_argument("--batch-size", type=int, default=256, help="the global batch")
    p.add_argument("--steps", type=int, default=100, help="timed steps (after 5 warm-up)")
    p.add_argument("--threads", type=int, default=1, help="torch threads per rank")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    dist.init_process_group("gloo")
    rank, size = dist.get_rank(), dist.get_world_size()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    manifest, arrays = ref.load_arrays(args.data, False)
    train_idx = np.flatnonzero(arrays["rating_split"] == ref.TRAIN)
    tables = ref.Tables(arrays, torch.device("cpu"))
    mean = float(arrays["rating_value"][train_idx].astype(np.float64).mean())
    model = DistributedDataParallel(ref.Recommender(manifest["vocab_sizes"], "dot", False, mean))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    order = torch.from_numpy(train_idx[ref.epoch_order(args.seed, 0, len(train_idx))])
    features = len(ref.WINDOWS) * ref.FILTERS
    b, start = args.batch_size, None
    for step in range(ref.WARMUP_STEPS + args.steps):
        if step == ref.WARMUP_STEPS:
            dist.barrier()
            start = time.perf_counter()
        begin = step * b
        share, extra = divmod(b, size)
        first = begin + rank * share + min(rank, extra)
        idx = order[first:first + share + (1 if rank < extra else 0)]
        batch = tables.gather(idx)
        ids = torch.arange(1, len(idx) * features + 1, dtype=torch.int64)
        keep = ref.dropout_scale(args.seed, torch.tensor(step), ids, 0.5)
        optimizer.zero_grad(set_to_none=True)
        F.mse_loss(model(batch, keep), batch["rating"]).backward()
        optimizer.step()
    dist.barrier()
    seconds = time.perf_counter() - start
    if rank == 0:
        print(json.dumps({"ranks": size, "batch_size": b, "threads": args.threads,
                          "ms_per_step": 1e3 * seconds / args.steps,
                          "samples_per_s": b * args.steps / seconds, "torch": torch.__version__}))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
