#!/usr/bin/env python3
"""PyTorch reference for the model in docs/model.md, to check cinerec's trainer against.

Same model, init distributions, epoch order and dropout masks as the C++ trainer, so test MSE
after the same epochs should agree within noise and samples/s can be compared side by side.
Works with PyTorch 1.13 (CPU) and 2.x (CUDA, optionally with CUDA graphs).

  python3 bench/torch_reference.py --data runs/demo/dataset --epochs 5 --json out.json
"""
import argparse
import hashlib
import inspect
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DTYPES = {"u8": "<u1", "u32": "<u4", "i32": "<i4", "u64": "<u8", "i64": "<i8", "f32": "<f4"}
TRAIN, VAL, TEST = 0, 1, 2
WINDOWS, FILTERS = (2, 3, 4, 5), 8
WARMUP_STEPS = 5  # excluded from samples/s: allocator growth, kernel selection, lazy init
GOLDEN, MIX1, MIX2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB


# ---- shared determinism (docs/model.md) -----------------------------------------------------
# torch has no unsigned 64-bit arithmetic in 1.13, so uint64 values live in int64 tensors:
# +, * and ^ give the same low 64 bits; only right shifts need masking to be logical.
def signed64(x):
    x &= (1 << 64) - 1
    return x - (1 << 64) if x >> 63 else x


def shr(x, k):
    return (x >> k) & ((1 << (64 - k)) - 1)


def mix64(x):
    x = (x ^ shr(x, 30)) * signed64(MIX1)
    x = (x ^ shr(x, 27)) * signed64(MIX2)
    return x ^ shr(x, 31)


def mix64_exact(x):  # Python ints: the definition, to check the tensor version against
    x = ((x ^ (x >> 30)) * MIX1) & ((1 << 64) - 1)
    x = ((x ^ (x >> 27)) * MIX2) & ((1 << 64) - 1)
    return x ^ (x >> 31)


def check_mix64(device):
    """Refuses to run where int64 tensor arithmetic does not wrap like uint64."""
    xs = [0, 1, 12345, GOLDEN, (1 << 64) - 1, 1 << 63]
    got = mix64(torch.tensor([signed64(x) for x in xs], dtype=torch.int64, device=device))
    if [v & ((1 << 64) - 1) for v in got.tolist()] != [mix64_exact(x) for x in xs]:
        raise SystemExit(f"int64 arithmetic on {device} does not wrap; masks would differ")


def epoch_order(seed, epoch, n):
    """Positions 0..n-1 of the training list in the order epoch `epoch` visits them."""
    base = signed64(mix64_exact((seed ^ (epoch << 32)) & ((1 << 64) - 1)))
    keys = mix64(base + torch.arange(n, dtype=torch.int64) * signed64(GOLDEN))
    return np.argsort(keys.numpy().view(np.uint64), kind="stable")


def dropout_scale(seed, step, feature_ids, p):
    """[rows, 32] multipliers: 1/(1-p) where kept, 0 where dropped. `step` is a 0-dim int64
    tensor so a captured CUDA graph can read it; feature_ids = i*32 + j + 1 for each cell."""
    z = mix64(signed64(seed) ^ mix64(step * signed64(GOLDEN) + feature_ids))
    threshold = int((1.0 - p) * 16777216.0 + 0.5)
    keep = shr(z, 40) < threshold
    return (keep.to(torch.float32) / (1.0 - p)).view(-1, len(WINDOWS) * FILTERS)


# ---- dataset --------------------------------------------------------------------------------
def load_arrays(directory, verify):
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    if manifest.get("format") != "cinerec-dataset" or manifest.get("version") != 1:
        raise SystemExit(f"{directory}: not a version-1 cinerec dataset")
    arrays = {}
    for name, entry in manifest["arrays"].items():
        path = os.path.join(directory, name + ".bin")
        dtype = np.dtype(DTYPES[entry["dtype"]])
        expected = math.prod(entry["shape"]) * dtype.itemsize
        if os.path.getsize(path) != expected:
            raise SystemExit(f"{path}: {os.path.getsize(path)} bytes, manifest says {expected}")
        data = np.fromfile(path, dtype=dtype)
        if verify and hashlib.sha256(data.tobytes()).hexdigest() != entry["sha256"]:
            raise SystemExit(f"{path}: SHA-256 does not match manifest.json")
        arrays[name] = data.reshape(entry["shape"])
    return manifest, arrays


def padded_genres(offsets, genres):
    """[movies, G] genre ids and 0/1 weights. A fixed-width bag (instead of per-batch offsets)
    keeps every tensor shape static, which CUDA graph capture needs; weight-0 slots add 0."""
    counts = np.diff(offsets.astype(np.int64))
    width = max(int(counts.max(initial=0)), 1)
    rows = np.repeat(np.arange(len(counts)), counts)
    cols = np.arange(len(genres)) - np.repeat(offsets[:-1].astype(np.int64), counts)
    ids = np.zeros((len(counts), width), np.int64)
    weights = np.zeros((len(counts), width), np.float32)
    ids[rows, cols] = genres
    weights[rows, cols] = 1.0
    return ids, weights


class Tables:
    """The dataset on the device, so a batch is gathered from a tensor of rating indices alone."""

    def __init__(self, arrays, device):
        def t(a, dtype=np.int64):  # torch 1.13 has no uint32 tensors
            return torch.from_numpy(a.astype(dtype)).to(device)

        self.user, self.movie = t(arrays["rating_user"]), t(arrays["rating_movie"])
        self.rating = t(arrays["rating_value"], np.float32)
        self.gender, self.age = t(arrays["user_gender"]), t(arrays["user_age"])
        self.job, self.title = t(arrays["user_job"]), t(arrays["movie_title_tokens"])
        ids, weights = padded_genres(arrays["movie_genre_offsets"], arrays["movie_genres"])
        self.genre_ids, self.genre_weights = t(ids), t(weights, np.float32)

    def gather(self, idx):
        u, m = self.user[idx], self.movie[idx]
        return dict(user=u, gender=self.gender[u], age=self.age[u], job=self.job[u], movie=m,
                    genre_ids=self.genre_ids[m], genre_weights=self.genre_weights[m],
                    title=self.title[m], rating=self.rating[idx])


# ---- model ----------------------------------------------------------------------------------
def embedding(n, dim):
    e = nn.Embedding(n, dim)
    nn.init.uniform_(e.weight, -1.0, 1.0)
    return e


def dense(n_in, n_out):
    d = nn.Linear(n_in, n_out)
    nn.init.xavier_uniform_(d.weight)
    nn.init.zeros_(d.bias)
    return d


def title_conv(width, token_dim):
    c = nn.Conv1d(token_dim, FILTERS, width)  # VALID over title positions
    nn.init.trunc_normal_(c.weight, std=0.1, a=-0.2, b=0.2)
    nn.init.constant_(c.bias, 0.1)
    return c


class Recommender(nn.Module):
    def __init__(self, sizes, head, biases, mean_rating):
        super().__init__()
        self.user_embedding = embedding(sizes["user_ids"], 32)
        self.gender_embedding = embedding(sizes["genders"], 16)
        self.age_embedding = embedding(sizes["ages"], 16)
        self.job_embedding = embedding(sizes["jobs"], 16)
        self.user_id_fc, self.gender_fc = dense(32, 32), dense(16, 32)
        self.age_fc, self.job_fc = dense(16, 32), dense(16, 32)
        self.user_fc = dense(128, 200)
        self.movie_embedding = embedding(sizes["movie_ids"], 32)
        self.genre_embedding = nn.EmbeddingBag(sizes["genres"], 32, mode="sum")
        nn.init.uniform_(self.genre_embedding.weight, -1.0, 1.0)
        self.token_embedding = embedding(sizes["tokens"], 32)
        self.movie_id_fc, self.genre_fc = dense(32, 32), dense(32, 32)
        self.title_convs = nn.ModuleList(title_conv(w, 32) for w in WINDOWS)
        self.movie_fc = dense(64 + len(WINDOWS) * FILTERS, 200)
        self.head = dense(400, 1) if head == "fc" else None
        self.biases = biases
        if biases:
            self.user_bias = nn.Embedding(sizes["user_ids"], 1)
            self.movie_bias = nn.Embedding(sizes["movie_ids"], 1)
            nn.init.zeros_(self.user_bias.weight)
            nn.init.zeros_(self.movie_bias.weight)
            self.global_bias = nn.Parameter(torch.tensor(float(mean_rating)))

    def user_tower(self, b):
        parts = [self.user_id_fc(self.user_embedding(b["user"])),
                 self.gender_fc(self.gender_embedding(b["gender"])),
                 self.age_fc(self.age_embedding(b["age"])),
                 self.job_fc(self.job_embedding(b["job"]))]
        return torch.tanh(self.user_fc(torch.relu(torch.cat(parts, dim=1))))

    def title_features(self, title, keep):
        x = self.token_embedding(title).transpose(1, 2)  # [B, 32 dims, positions]
        t = torch.cat([torch.relu(conv(x)).amax(dim=2) for conv in self.title_convs], dim=1)
        return t if keep is None else t * keep

    def movie_tower(self, b, keep):
        m_id = torch.relu(self.movie_id_fc(self.movie_embedding(b["movie"])))
        genre_sum = self.genre_embedding(b["genre_ids"], per_sample_weights=b["genre_weights"])
        m_g = torch.relu(self.genre_fc(genre_sum))
        t = self.title_features(b["title"], keep)
        return torch.tanh(self.movie_fc(torch.cat([m_id, m_g, t], dim=1)))

    def forward(self, b, keep=None):
        u, m = self.user_tower(b), self.movie_tower(b, keep)
        if self.head is None:
            pred = (u * m).sum(dim=1)
        else:
            pred = self.head(torch.cat([u, m], dim=1)).squeeze(1)
        if self.biases:
            user_bias = self.user_bias(b["user"]).squeeze(1)
            pred = pred + user_bias + self.movie_bias(b["movie"]).squeeze(1) + self.global_bias
        return pred


# ---- training -------------------------------------------------------------------------------
class EagerStepper:
    """One Adam step on the ratings at `idx` with the dropout mask of global step `step`."""

    def __init__(self, model, optimizer, tables, args, device):
        self.model, self.optimizer, self.tables = model, optimizer, tables
        self.seed, self.dropout = args.seed, args.dropout
        self.step_t = torch.zeros((), dtype=torch.int64, device=device)
        self.feature_ids = torch.arange(1, args.batch_size * len(WINDOWS) * FILTERS + 1,
                                        dtype=torch.int64, device=device)

    def run(self, idx):  # reads self.step_t, so it can be captured once and replayed
        self.optimizer.zero_grad(set_to_none=True)
        batch = self.tables.gather(idx)
        ids = self.feature_ids[:len(idx) * len(WINDOWS) * FILTERS]
        keep = dropout_scale(self.seed, self.step_t, ids, self.dropout)
        loss = F.mse_loss(self.model(batch, keep), batch["rating"])
        loss.backward()
        self.optimizer.step()
        return loss.detach()

    def __call__(self, idx, step):
        self.step_t.fill_(step)
        return self.run(idx)


class GraphStepper:
    """Replays one captured full-size step; the short last batch of an epoch runs eagerly."""

    def __init__(self, eager, batch_size, device):
        self.eager = eager
        self.static_idx = torch.zeros(batch_size, dtype=torch.int64, device=device)
        self._warm_up()
        self.graph = torch.cuda.CUDAGraph()
        eager.optimizer.zero_grad(set_to_none=True)  # grads get allocated in the graph's pool
        with torch.cuda.graph(self.graph):
            self.static_loss = eager.run(self.static_idx)

    def _warm_up(self):
        """Capture needs Adam's state and the autograd buffers to exist already; the warm-up
        steps are then undone so training starts from the same init as an eager run."""
        saved = [p.detach().clone() for p in self.eager.model.parameters()]
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                self.eager.run(self.static_idx)
        torch.cuda.current_stream().wait_stream(side)
        with torch.no_grad():
            for p, s in zip(self.eager.model.parameters(), saved):
                p.copy_(s)
            for state in self.eager.optimizer.state.values():  # zero state == fresh Adam
                for value in state.values():
                    value.zero_()

    def __call__(self, idx, step):
        if len(idx) != len(self.static_idx):
            return self.eager(idx, step)
        self.static_idx.copy_(idx)
        self.eager.step_t.fill_(step)
        self.graph.replay()
        return self.static_loss


def make_optimizer(model, args):
    kwargs = {"lr": args.lr, "betas": (0.9, 0.999), "eps": 1e-8}
    if args.cuda_graphs and "capturable" in inspect.signature(torch.optim.Adam).parameters:
        kwargs["capturable"] = True  # keeps Adam's step count on the GPU, inside the graph
    return torch.optim.Adam(model.parameters(), **kwargs)


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def train_epoch(stepper, train_idx, epoch, first_step, args, device, timing):
    """Runs one epoch (or up to --max-steps); adds post-warm-up time/samples to `timing`."""
    order = torch.from_numpy(train_idx[epoch_order(args.seed, epoch, len(train_idx))]).to(device)
    loss_sum, samples, step = torch.zeros((), dtype=torch.float64, device=device), 0, first_step
    sync(device)
    start = timed_start = time.perf_counter()
    for begin in range(0, len(order), args.batch_size):
        if args.max_steps and step >= args.max_steps:
            break
        if step == WARMUP_STEPS:
            sync(device)
            timed_start = time.perf_counter()
        idx = order[begin:begin + args.batch_size]
        loss_sum += stepper(idx, step) * len(idx)
        samples += len(idx)
        if step >= WARMUP_STEPS:
            timing["samples"] += len(idx)
        step += 1
    loss = loss_sum.item() / max(samples, 1)  # also waits for the device
    end = time.perf_counter()
    if step > WARMUP_STEPS:
        timing["seconds"] += end - timed_start
    return step, {"train_loss": loss, "steps": step - first_step, "samples": samples,
                  "seconds": end - start, "samples_per_s": samples / (end - start)}


@torch.no_grad()
def evaluate(model, tables, indices, batch_size, device):
    err_sq, err_abs = (torch.zeros((), dtype=torch.float64, device=device) for _ in range(2))
    for begin in range(0, len(indices), batch_size):
        batch = tables.gather(indices[begin:begin + batch_size])
        err = model(batch).double() - batch["rating"].double()
        err_sq += (err * err).sum()
        err_abs += err.abs().sum()
    mse = err_sq.item() / len(indices)
    return {"mse": mse, "rmse": math.sqrt(mse), "mae": err_abs.item() / len(indices)}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="a `cinerec prepare` output directory")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--head", choices=["dot", "fc"], default="dot")
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--biases", action="store_true", help="user, movie and global bias terms")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: default)")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--cuda-graphs", action="store_true", help="replay a captured training step")
    p.add_argument("--max-steps", type=int, default=0, help="stop after N steps (benchmarks)")
    p.add_argument("--no-eval", action="store_true", help="skip evaluation")
    p.add_argument("--eval-batch-size", type=int, default=8192)
    p.add_argument("--verify", action="store_true", help="check every array's SHA-256")
    p.add_argument("--json", help="write the results to this file")
    args = p.parse_args()
    if not 0.0 <= args.dropout < 1.0:
        p.error("--dropout must be in [0, 1)")
    if args.cuda_graphs and args.device != "cuda":
        p.error("--cuda-graphs needs --device cuda")
    return args


def main():
    args = parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    check_mix64(device)
    manifest, arrays = load_arrays(args.data, args.verify)
    split = arrays["rating_split"]
    train_idx = np.flatnonzero(split == TRAIN)
    eval_sets = {name: torch.from_numpy(np.flatnonzero(split == code)).to(device)
                 for name, code in (("val", VAL), ("test", TEST)) if (split == code).any()}
    tables = Tables(arrays, device)
    mean_rating = float(arrays["rating_value"][train_idx].astype(np.float64).mean())
    model = Recommender(manifest["vocab_sizes"], args.head, args.biases, mean_rating).to(device)
    stepper = EagerStepper(model, make_optimizer(model, args), tables, args, device)
    if args.cuda_graphs:
        stepper = GraphStepper(stepper, args.batch_size, device)

    timing, epochs, step = {"seconds": 0.0, "samples": 0}, [], 0
    for epoch in range(args.epochs):
        step, row = train_epoch(stepper, train_idx, epoch, step, args, device, timing)
        row["epoch"] = epoch + 1
        if not args.no_eval:
            for name, indices in eval_sets.items():
                metrics = evaluate(model, tables, indices, args.eval_batch_size, device)
                row.update({f"{name}_{k}": v for k, v in metrics.items()})
        epochs.append(row)
        print(json.dumps(row), flush=True)
        if args.max_steps and step >= args.max_steps:
            break

    timed_steps = max(step - WARMUP_STEPS, 0)
    rate = timing["samples"] / timing["seconds"] if timing["seconds"] else None
    summary = {"steps": step, "warmup_steps": min(step, WARMUP_STEPS), "timed_steps": timed_steps,
               "train_seconds": sum(e["seconds"] for e in epochs), "samples_per_s": rate,
               "ms_per_step": 1e3 * timing["seconds"] / timed_steps if timed_steps else None,
               "peak_gpu_bytes": torch.cuda.max_memory_allocated() if device.type == "cuda" else None}
    config = dict(vars(args), torch=torch.__version__, train=len(train_idx))
    print(json.dumps({"summary": dict(summary, torch=torch.__version__)}), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(config=config, epochs=epochs, **summary), f, indent=2)


if __name__ == "__main__":
    main()
