"""One RecBole model trained on the split cinerec wrote as atomic files (`cinerec atomic`), then
ranked under cinerec's full protocol (docs/metrics.md), so both sides are scored by one
definition: each user with relevant test movies (rating >= THRESHOLD) gets its top K over the
catalogue minus every movie it rated in training; Recall@K = hits / |relevant|, NDCG@K = DCG /
IDCG over min(|relevant|, K), averaged over those users. RecBole gets the positives only
(ratings >= THRESHOLD, cinerec's relevance threshold), which cinerec's implicit models train on.
Prints one JSON line: the metrics, RecBole's own test metrics, and the seconds that building the
model (ItemKNN computes its similarities there) and fit() took.
Usage: recbole_run.py ATOMIC_DIR NAME MODEL THRESHOLD EPOCHS SEED [KEY=JSON_VALUE ...]"""
import json
import math
import os
import shutil
import sys
import tempfile
import time

import numpy as np
import torch
from recbole.config import Config
from recbole.data import create_dataset, data_preparation
from recbole.data.interaction import Interaction
from recbole.utils import get_model, get_trainer, init_seed

K = 10


def read_split(path, threshold=None):
    """Per user token, the item tokens of the file (rating >= threshold when given)."""
    out = {}
    with open(path) as f:
        next(f)
        for line in f:
            user, item, rating, _ = line.rstrip("\n").split("\t")
            if threshold is None or float(rating) >= threshold:
                out.setdefault(user, set()).add(item)
    return out


def write_positives(source, target, threshold):
    """The file's ratings >= threshold. Filtered here, not by RecBole's `val_interval`: RecBole
    1.2.1 splits benchmark files by the row counts read before its filters, so a filter that drops
    rows shifts test rows into its training set."""
    with open(source) as f, open(target, "w") as out:
        out.write(next(f))
        for line in f:
            if float(line.split("\t")[2]) >= threshold:
                out.write(line)


def recbole_config(work, name, model, epochs, seed, extra):
    config = {
        "data_path": work, "dataset": name,
        "benchmark_filename": ["train", "valid", "test"],
        "load_col": {"inter": ["user_id", "item_id", "rating", "timestamp"]},
        "epochs": epochs, "seed": seed, "reproducibility": True,
        "device": "cpu", "use_gpu": False,
        "topk": [K], "metrics": ["Recall", "NDCG"], "valid_metric": f"Recall@{K}",
        "eval_args": {"mode": "full", "order": "RO", "group_by": "user"},
        "show_progress": False, "save_dataset": False, "save_dataloaders": False,
        "checkpoint_dir": os.path.join(work, "saved"), "state": "WARNING",
    }
    for pair in extra:
        key, value = pair.split("=", 1)
        config[key] = json.loads(value)
    return Config(model=model, dataset=name, config_dict=config)


def full_protocol(model, dataset, train_rated, relevant):
    uid, iid = dataset.uid_field, dataset.iid_field
    item_tokens = dataset.field2id_token[iid]  # RecBole id -> token ([PAD] at 0)
    token_to_item = {t: i for i, t in enumerate(item_tokens)}
    users = [u for u in relevant if u in dataset.field2token_id[uid]]
    recall = ndcg = 0.0
    model.eval()
    with torch.no_grad():
        for first in range(0, len(users), 256):
            some = users[first:first + 256]
            ids = torch.tensor([dataset.field2token_id[uid][u] for u in some])
            scores = model.full_sort_predict(Interaction({uid: ids})).view(len(some), -1)
            scores = scores.detach().numpy().astype(np.float64).copy()
            scores[:, 0] = -np.inf
            for row, user in enumerate(some):
                seen = [token_to_item[t] for t in train_rated.get(user, ()) if t in token_to_item]
                scores[row, seen] = -np.inf
                top = np.argsort(-scores[row], kind="stable")[:K]
                rel = relevant[user]
                hits = [r for r, i in enumerate(top) if item_tokens[i] in rel]
                recall += len(hits) / len(rel)
                dcg = sum(1 / math.log2(r + 2) for r in hits)
                ndcg += dcg / sum(1 / math.log2(r + 2) for r in range(min(len(rel), K)))
    return {"recall@10": recall / len(relevant), "ndcg@10": ndcg / len(relevant),
            "users": len(relevant), "users_known": len(users)}


def main():
    folder, name, model_name = sys.argv[1], sys.argv[2], sys.argv[3]
    threshold, epochs, seed = float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    folder = os.path.abspath(folder)
    work = tempfile.mkdtemp()
    os.chdir(work)  # RecBole's trainer writes log_tensorboard/ into the working directory
    try:
        os.makedirs(os.path.join(work, name))
        for part, source in (("train", "train"), ("valid", "test"), ("test", "test")):
            # RecBole needs a validation file; the test split stands in (fit() never reads it).
            write_positives(f"{folder}/{name}.{source}.inter", f"{work}/{name}/{name}.{part}.inter",
                            threshold)
        config = recbole_config(work, name, model_name, epochs, seed, sys.argv[7:])
        init_seed(config["seed"], config["reproducibility"])
        torch.set_num_threads(os.cpu_count())
        dataset = create_dataset(config)
        train_data, _, test_data = data_preparation(config, dataset)
        start = time.perf_counter()
        model = get_model(config["model"])(config, train_data._dataset).to(config["device"])
        trainer = get_trainer(config["MODEL_TYPE"], config["model"])(config, model)
        trainer.fit(train_data, valid_data=None, saved=False, show_progress=False)
        seconds = time.perf_counter() - start
        own = trainer.evaluate(test_data, load_best_model=False, show_progress=False)
        out = full_protocol(model, dataset, read_split(f"{folder}/{name}.train.inter"),
                            read_split(f"{folder}/{name}.test.inter", threshold))
        out.update({"model": model_name, "fit_seconds": seconds,
                    "recbole_own": {k: float(v) for k, v in own.items()}})
        print(json.dumps(out))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
