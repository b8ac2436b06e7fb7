"""Proof that the shipped GGUF files are the fine-tuned model: parity with transformers, quantization cost.

kld.py      quantization statistics with llama-perplexity --kl-divergence definitions
stage.py    the `verify` stage: runs roletune.parity's checks (tokenizer, chat template, special
            tokens, logits; llama.cpp vs transformers) and kld.py, applies the thresholds of
            config.verify, writes verify/parity.json and verify/kld.json, and stops the pipeline
            on a failure

Importing this package is cheap: llama_cpp, torch and transformers are imported where used.
"""

from __future__ import annotations

