"""RecBole's DIN trained on the split cinerec wrote as atomic files (`cinerec atomic`), then
ranked under cinerec's sampled protocol (docs/metrics.md), so both sides are scored by one
definition: each relevant test pair (rating >= THRESHOLD) ranked among 100 movies drawn uniformly
without repeats from those its user never rated in any split (here: among the movies RecBole
knows, the ones in its files); rank = 1 + the negatives scoring higher; Recall@10 (= Hit@10, one
relevant movie per pair) and NDCG@10 = 1 / log2(rank + 1) averaged over the pairs. The draws are
this script's (numpy, SEED), not cinerec's: the same definition on other random candidates.
RecBole reads sequential benchmark files already augmented, so this script writes them as
cinerec's DIN trains (host/baselines/din_backend.h): the positives (ratings >= THRESHOLD) of each
user in time order (ties by file order), each after the first a target with the up to
MAX_HISTORY positives before it; each relevant test pair with its user's last MAX_HISTORY
training positives (users without any are left out on both sides' counts; the JSON says how
many). Prints one JSON line: the metrics, the pairs and fit()'s seconds.
Usage: recbole_din_run.py ATOMIC_DIR NAME THRESHOLD EPOCHS SEED [KEY=JSON_VALUE ...]"""
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

K, NEGATIVES, MAX_HISTORY = 10, 100, 50


def read_rows(path):
    with open(path) as f:
        next(f)
        return [line.rstrip("\n").split("\t") for line in f]


def histories(train, threshold):
    """Per user, its training positives (item tokens) by time, ties by file order."""
    rows = [(u, float(t), n, i) for n, (u, i, r, t) in enumerate(train) if float(r) >= threshold]
    rows.sort()
    out = {}
    for u, _, _, i in rows:
        out.setdefault(u, []).append(i)
    return out


def write_sequences(path, rows):
    with open(path, "w") as f:
        f.write("user_id:token\titem_id:token\titem_id_list:token_seq\n")
        for u, i, seq in rows:
            f.write(f"{u}\t{i}\t{' '.join(seq)}\n")


def sampled_protocol(model, dataset, history, relevant, rated, seed):
    uid, iid = dataset.uid_field, dataset.iid_field
    item_id, user_id = dataset.field2token_id[iid], dataset.field2token_id[uid]
    known = np.array(sorted(v for t, v in item_id.items() if t != "[PAD]"))
    rng = np.random.default_rng(seed)
    units = []  # per relevant pair: user id, history ids, the relevant item then its negatives
    for user, item in relevant:
        if user not in history or user not in user_id:
            continue
        seen = {item_id[t] for t in rated[user] if t in item_id}
        negatives = []
        while len(negatives) < min(NEGATIVES, len(known) - len(seen)):
            m = int(known[rng.integers(len(known))])
            if m not in seen and m not in negatives:
                negatives.append(m)
        units.append((user_id[user], [item_id[t] for t in history[user][-MAX_HISTORY:]],
                      [item_id[item]] + negatives))
    hit = ndcg = 0.0
    model.eval()
    with torch.no_grad():
        for first in range(0, len(units), 64):
            some = units[first:first + 64]
            rows = sum(len(items) for _, _, items in some)
            padded = torch.zeros((rows, MAX_HISTORY), dtype=torch.long)
            users, lengths, items, row = [], [], [], 0
            for u, seq, candidates in some:
                padded[row:row + len(candidates), :len(seq)] = torch.tensor(seq)
                users += [u] * len(candidates)
                lengths += [len(seq)] * len(candidates)
                items += candidates
                row += len(candidates)
            scores = model.predict(Interaction({
                uid: torch.tensor(users), model.ITEM_SEQ: padded,
                model.ITEM_SEQ_LEN: torch.tensor(lengths), iid: torch.tensor(items),
            })).numpy()
            row = 0
            for _, _, candidates in some:
                s = scores[row:row + len(candidates)]
                row += len(candidates)
                rank = 1 + int(np.sum(s[1:] > s[0]))
                if rank <= K:
                    hit += 1
                    ndcg += 1 / math.log2(rank + 1)
    # One relevant item per unit: Hit@K is Recall@K (docs/metrics.md).
    return {"recall@10": hit / len(units), "ndcg@10": ndcg / len(units), "count": len(units)}


def main():
    folder, name = sys.argv[1], sys.argv[2]
    threshold, epochs, seed = float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    train = read_rows(f"{folder}/{name}.train.inter")
    test = read_rows(f"{folder}/{name}.test.inter")
    history = histories(train, threshold)
    targets = [(u, items[p], items[max(0, p - MAX_HISTORY):p])
               for u, items in history.items() for p in range(1, len(items))]
    relevant = [(u, i) for u, i, r, _ in test if float(r) >= threshold]
    tests = [(u, i, history[u][-MAX_HISTORY:]) for u, i in relevant if u in history]
    rated = {}
    for u, i, _, _ in train + test:
        rated.setdefault(u, set()).add(i)
    folder = os.path.abspath(folder)
    work = tempfile.mkdtemp()
    os.chdir(work)  # RecBole's trainer writes log_tensorboard/ into the working directory
    try:
        os.makedirs(os.path.join(work, name))
        write_sequences(f"{work}/{name}/{name}.train.inter", targets)
        for part in ("valid", "test"):
            write_sequences(f"{work}/{name}/{name}.{part}.inter", tests)
        config = {
            "data_path": work, "dataset": name,
            "benchmark_filename": ["train", "valid", "test"],
            "load_col": {"inter": ["user_id", "item_id", "item_id_list"]},
            "MAX_ITEM_LIST_LENGTH": MAX_HISTORY,
            "alias_of_item_id": ["item_id_list"],  # one token space for targets and histories
            "epochs": epochs, "seed": seed, "reproducibility": True,
            "device": "cpu", "use_gpu": False,
            "eval_args": {"mode": "uni100", "order": "TO", "group_by": "user"},
            "topk": [K], "metrics": ["Hit", "NDCG"], "valid_metric": f"Hit@{K}",
            "show_progress": False, "save_dataset": False, "save_dataloaders": False,
            "checkpoint_dir": os.path.join(work, "saved"), "state": "WARNING",
        }
        for pair in sys.argv[6:]:
            key, value = pair.split("=", 1)
            config[key] = json.loads(value)
        config = Config(model="DIN", dataset=name, config_dict=config)
        init_seed(config["seed"], config["reproducibility"])
        torch.set_num_threads(os.cpu_count())
        dataset = create_dataset(config)
        train_data, _, _ = data_preparation(config, dataset)
        start = time.perf_counter()
        model = get_model("DIN")(config, train_data._dataset).to(config["device"])
        trainer = get_trainer(config["MODEL_TYPE"], "DIN")(config, model)
        trainer.fit(train_data, valid_data=None, saved=False, show_progress=False)
        seconds = time.perf_counter() - start
        out = sampled_protocol(model, dataset, history, relevant, rated, seed)
        out.update({"model": "DIN", "fit_seconds": seconds, "train_targets": len(targets),
                    "relevant": len(relevant)})
        print(json.dumps(out))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
