#!/usr/bin/env bash
# Checks that a change leaves the CPU trainer bitwise unchanged: builds BASE (a commit, default
# HEAD) in a git worktree, trains it and this checkout's build on the same generated dataset with
# the same seeds, and compares every model and optimiser tensor byte for byte, for each config
# under configs/ as written and with the other head, bias setting and embedding optimiser.
# Not part of ctest: float results depend on the CPU (-march=native, OpenBLAS's kernels), so a
# stored golden file would be machine-dependent; comparing two builds on one machine is not.
# Usage: tools/same_training.sh [BASE]   (prints one line per config; exit 1 on any difference)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-HEAD}
work=build/same-training
rm -rf "$work" && mkdir -p "$work"
git worktree remove --force "$work/base-src" 2>/dev/null || true
git worktree add --detach "$work/base-src" "$base" >/dev/null
trap 'git worktree remove --force "$work/base-src" 2>/dev/null || true' EXIT
(cd "$work/base-src" && cmake --preset cpu >/dev/null && cmake --build --preset cpu -j "$(nproc)" >/dev/null)
cmake --preset cpu >/dev/null && cmake --build --preset cpu -j "$(nproc)" --target cinerec >/dev/null
old=$work/base-src/build/cpu/cinerec new=build/cpu/cinerec

"$new" synth --out "$work/raw" --users 300 --movies 2000 --ratings 20000 --seed 3 >/dev/null
"$new" prepare --in "$work/raw" --format douban --out "$work/ds" >/dev/null

status=0
for config in configs/*.toml; do
  name=$(basename "$config" .toml)
  for variant in as-written "model.head=fc model.biases=true train.embedding_optimizer=rowwise train.weight_decay=0.01" \
                 "model.head=dot model.biases=false train.embedding_optimizer=dense train.weight_decay=0"; do
    sets=(--set train.epochs=2 --set train.threads=1)
    [ "$variant" = as-written ] || for kv in $variant; do sets+=(--set "$kv"); done
    for side in old new; do
      "${!side}" train --data "$work/ds" --out "$work/$side-$name" --config "$config" "${sets[@]}" \
        >/dev/null 2>&1
    done
    differ=$(python3 - "$work/old-$name" "$work/new-$name" <<'PY'
import json, pathlib, struct, sys
# The tensors of each .safetensors file (header entries and data), not its metadata, which
# records the run's wall time.
def tensors(path):
    raw = path.read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    return header, raw[8 + n:]
old, new = map(pathlib.Path, sys.argv[1:])
names = sorted(p.name for p in old.glob("*.safetensors"))
if not names or names != sorted(p.name for p in new.glob("*.safetensors")):
    print("the files:", names)
for name in names:
    if (new / name).exists() and tensors(old / name) != tensors(new / name):
        print(name)
PY
)
    if [ -z "$differ" ]; then echo "same      $name ($variant)"; else
      echo "DIFFERENT $name ($variant): $differ"; status=1; fi
    rm -rf "$work/old-$name" "$work/new-$name"
  done
done
exit $status
