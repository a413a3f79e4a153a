"""How far a rating model plus a popularity prior can rank: full-protocol Recall@10 and NDCG@10
(docs/metrics.md) of s_uj = beta * yhat_uj + log(1 + positives_j) for each BETA, where yhat is a
dot-head CNN run's predicted rating (its exported tower features' dot product plus the movie bias
when the run has biases; the user's own terms rank nothing) and positives_j counts movie j's
training ratings >= THRESHOLD. BETA = 0 is Pop (as cinerec's, by positives; ties at the K-th
place broken arbitrarily, not by movie index as cinerec's). It bounds what the CNN's ranking term
can reach by adding a per-movie term to the rating (docs/model.md "Ranking term") on a data set
whose users pick movies by popularity.
Needs numpy (tools/reference_env.sh's environment has it).
Usage: popularity_blend.py EXPORT_DIR ATOMIC_DIR NAME THRESHOLD BETA[,BETA...]
  (EXPORT_DIR from `cinerec export`, ATOMIC_DIR from `cinerec atomic` on the run's dataset)"""
import csv
import math
import os
import sys

import numpy as np

K = 10


def index_of(path):
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        return {row[1]: int(row[0]) for row in rows}


def ratings(path, users, movies):
    with open(path) as f:
        next(f)
        for line in f:
            u, i, r, _ = line.rstrip("\n").split("\t")
            yield users[u], movies[i], float(r)


def main():
    export, atomic, name = sys.argv[1], sys.argv[2], sys.argv[3]
    threshold = float(sys.argv[4])
    betas = [float(b) for b in sys.argv[5].split(",")]
    users, movies = index_of(f"{export}/users.csv"), index_of(f"{export}/movies.csv")
    u = np.load(f"{export}/user_features.npy").astype(np.float32)
    m = np.load(f"{export}/movie_features.npy").astype(np.float32)
    if os.path.exists(f"{export}/movie_bias.npy"):
        bias = np.load(f"{export}/movie_bias.npy").astype(np.float32).reshape(-1, 1)
        u, m = np.hstack([u, np.ones((len(u), 1), np.float32)]), np.hstack([m, bias])
    positives = np.zeros(len(movies))
    seen = {}
    for user, movie, r in ratings(f"{atomic}/{name}.train.inter", users, movies):
        seen.setdefault(user, []).append(movie)
        positives[movie] += r >= threshold
    relevant = {}
    for user, movie, r in ratings(f"{atomic}/{name}.test.inter", users, movies):
        if r >= threshold:
            relevant.setdefault(user, set()).add(movie)
    order = sorted(relevant)
    prior = np.log1p(positives).astype(np.float32)
    for beta in betas:
        recall = ndcg = 0.0
        for first in range(0, len(order), 512):
            some = order[first:first + 512]
            s = beta * (u[some] @ m.T) + prior[None, :]
            for row, user in enumerate(some):
                s[row, seen.get(user, [])] = -np.inf
            best = np.argpartition(-s, K, axis=1)[:, :K]
            for row, user in enumerate(some):
                top = best[row][np.argsort(-s[row, best[row]], kind="stable")]
                hits = [k for k, movie in enumerate(top) if movie in relevant[user]]
                recall += len(hits) / len(relevant[user])
                ideal = sum(1 / math.log2(k + 2) for k in range(min(K, len(relevant[user]))))
                ndcg += sum(1 / math.log2(k + 2) for k in hits) / ideal
        print(f"beta {beta:g}: recall@{K} {recall / len(order):.4f} ndcg@{K} {ndcg / len(order):.4f}",
              flush=True)


if __name__ == "__main__":
    main()
