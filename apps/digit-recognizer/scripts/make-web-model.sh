#!/usr/bin/env bash
# Regenerates the model the web page ships: web/public/model/{model.safetensors,model.json,model.onnx}.
# The CLI's default run (modern LeNet, 12 epochs, Adam + one-cycle, seed 1: ~3 minutes on two
# cores, 99.29% test accuracy), then `export` for onnxruntime-web, then `eval` to print the accuracy.
# Extra arguments go to `train` (e.g. --epochs 2 for a quick try). Usage: pnpm web:model
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -b
run="$(mktemp -d)"
trap 'rm -rf "$run"' EXIT
node dist/cli.js train --out "$run" "$@"
node dist/cli.js export --out "$run"
node dist/cli.js eval --out "$run"
mkdir -p web/public/model
cp "$run/model.safetensors" "$run/model.json" "$run/model.onnx" web/public/model/
echo "wrote web/public/model/ (model.safetensors, model.json, model.onnx)"
