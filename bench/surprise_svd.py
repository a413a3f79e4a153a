"""Surprise's SVD on the split cinerec wrote as RecBole atomic files (`cinerec atomic`), with
Surprise's defaults: prints one JSON line with the test RMSE (Surprise's own, of estimates
clipped to the rating scale, and unclipped, as cinerec's eval computes it) and the seconds fit()
took. Usage: surprise_svd.py DIR NAME MIN_RATING MAX_RATING SEED"""
import json
import math
import sys
import time

from surprise import SVD, Dataset, Reader, accuracy
from surprise.model_selection import PredefinedKFold


def main():
    folder, name, low, high, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    reader = Reader(line_format="user item rating timestamp", sep="\t", skip_lines=1,
                    rating_scale=(low, high))
    data = Dataset.load_from_folds(
        [(f"{folder}/{name}.train.inter", f"{folder}/{name}.test.inter")], reader)
    trainset, testset = next(PredefinedKFold().split(data))
    algo = SVD(random_state=seed)
    start = time.perf_counter()
    algo.fit(trainset)
    seconds = time.perf_counter() - start
    clipped = accuracy.rmse(algo.test(testset), verbose=False)
    squared = [(algo.predict(u, i, clip=False).est - r) ** 2 for u, i, r in testset]
    print(json.dumps({"rmse_clipped": clipped, "rmse": math.sqrt(sum(squared) / len(squared)),
                      "fit_seconds": seconds, "test_ratings": len(testset)}))


if __name__ == "__main__":
    main()
