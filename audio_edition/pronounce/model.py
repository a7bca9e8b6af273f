"""g2pM's polyphone model (Park & Lee, Interspeech 2020; Apache-2.0): a one-layer BiLSTM
over the characters of a sentence, trained on the CPP train split, scoring 97.3 % on its
test split alone. Its numpy weights ship in the ``g2pM`` wheel; this module runs them
itself (all input projections at once, only the recurrence step by step) so that a
sentence costs about a millisecond and nothing but numpy is imported.
"""

from __future__ import annotations

import functools
import importlib.util
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_BOS = "시"  # g2pM's sentence-start and sentence-end tokens (Korean syllables)
_EOS = "끝"
_UNK = "<UNK>"


@dataclass(frozen=True)
class _Weights:
    char_ids: dict[str, int]
    readings: dict[str, list[str]]  # the model's candidate readings of each character
    classes: dict[str, int]
    embeddings: np.ndarray
    forward: tuple[np.ndarray, np.ndarray, np.ndarray]  # W_ih, W_hh, b_ih + b_hh
    backward: tuple[np.ndarray, np.ndarray, np.ndarray]
    hidden: tuple[np.ndarray, np.ndarray]
    output: tuple[np.ndarray, np.ndarray]


def _folder() -> Path:
    # find_spec does not run the package's __init__; only its data files are read.
    spec = importlib.util.find_spec("g2pM")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("g2pM is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _pickle(folder: Path, name: str):
    with (folder / name).open("rb") as handle:
        return pickle.load(handle)


@functools.lru_cache(maxsize=1)
def _weights() -> _Weights:
    folder = _folder()
    state = _pickle(folder, "np_ckpt.pkl")

    def lstm(suffix: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (
            np.ascontiguousarray(state[f"lstm.weight_ih_l0{suffix}"].T),
            np.ascontiguousarray(state[f"lstm.weight_hh_l0{suffix}"].T),
            state[f"lstm.bias_ih_l0{suffix}"] + state[f"lstm.bias_hh_l0{suffix}"],
        )

    return _Weights(
        char_ids=_pickle(folder, "char2idx.pkl"),
        readings=_pickle(folder, "digest_cedict.pkl"),
        classes=_pickle(folder, "class2idx.pkl"),
        embeddings=state["embedding.weight"],
        forward=lstm(""),
        backward=lstm("_reverse"),
        hidden=(np.ascontiguousarray(state["logit_layer.0.weight"].T), state["logit_layer.0.bias"]),
        output=(np.ascontiguousarray(state["logit_layer.2.weight"].T), state["logit_layer.2.bias"]),
    )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _run_lstm(inputs: np.ndarray, w_hh: np.ndarray) -> np.ndarray:
    """Hidden states of one direction from its precomputed input projections [T, 4H]
    (PyTorch gate order i, f, g, o)."""
    steps, size = inputs.shape[0], w_hh.shape[0]
    h = np.zeros(size, dtype=np.float32)
    c = np.zeros(size, dtype=np.float32)
    out = np.empty((steps, size), dtype=np.float32)
    for t in range(steps):
        gates = inputs[t] + h @ w_hh
        i = _sigmoid(gates[:size])
        f = _sigmoid(gates[size : 2 * size])
        g = np.tanh(gates[2 * size : 3 * size])
        o = _sigmoid(gates[3 * size :])
        c = f * c + i * g
        h = o * np.tanh(c)
        out[t] = h
    return out


def candidates(char: str) -> list[str]:
    """The readings the model chooses between for ``char`` (empty if it has one or none)."""
    readings = _weights().readings.get(char, [])
    return readings if len(readings) > 1 else []


def scores(text: str) -> dict[int, dict[str, float]]:
    """For each character of ``text`` the model holds polyphonic: the probability of each
    of its candidate readings (TONE3, ``u:`` written ``v``), from the whole sentence."""
    weights = _weights()
    positions = [i for i, char in enumerate(text) if len(weights.readings.get(char, ())) > 1]
    if not positions:
        return {}
    unknown = weights.char_ids[_UNK]
    ids = [weights.char_ids[_BOS]]
    ids += [weights.char_ids.get(char, unknown) for char in text]
    ids.append(weights.char_ids[_EOS])
    embedded = weights.embeddings[np.asarray(ids)]
    w_ih, w_hh, bias = weights.forward
    forward = _run_lstm(embedded @ w_ih + bias, w_hh)
    w_ih, w_hh, bias = weights.backward
    backward = _run_lstm((embedded @ w_ih + bias)[::-1], w_hh)[::-1]
    rows = np.asarray(positions) + 1  # past the start token
    states = np.concatenate([forward[rows], backward[rows]], axis=1)
    w1, b1 = weights.hidden
    w2, b2 = weights.output
    logits = np.maximum(states @ w1 + b1, 0.0) @ w2 + b2
    result: dict[int, dict[str, float]] = {}
    for row, position in zip(logits, positions, strict=True):
        readings = [r for r in weights.readings[text[position]] if r in weights.classes]
        chosen = row[[weights.classes[r] for r in readings]]
        probs = np.exp(chosen - chosen.max())
        probs /= probs.sum()
        result[position] = {
            r.replace("u:", "v"): float(p) for r, p in zip(readings, probs, strict=True)
        }
    return result
