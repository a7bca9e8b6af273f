"""The two LiteRT interpreters of the Baker voice: FastSpeech2 (ids -> mel) and
MB-MelGAN (mel -> 24 kHz audio), turning one utterance into float samples.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from audio_edition.engines.offline import assets
from audio_edition.engines.offline.flatbuffer import patch_flex_random_uniform
from audio_edition.errors import ModelMissing, SynthesisFailed

SAMPLE_RATE = 24000
# MB-MelGAN turns one mel frame into this many samples (4 bands x hop 75 at 24 kHz).
HOP_SAMPLES = 300

# FastSpeech2 outputs: 0 mel before the post-net, 1 mel after it, 2 durations (frames
# per input symbol), 3 f0, 4 energy.
_MEL_OUTPUT = 1
_DURATION_OUTPUT = 2
# sil b a3 sil eos: the smallest real utterance, to plan the graphs at load time.
_WARM_UP_IDS = [1, 7, 30, 1, 218]


@dataclass(frozen=True)
class Utterance:
    """One synthesised utterance: float samples in [-1, 1] and frames per input symbol."""

    audio: np.ndarray
    durations: np.ndarray


@functools.lru_cache(maxsize=1)
def _acoustic_model_bytes() -> bytes:
    """The FastSpeech2 flatbuffer with its Flex ops made builtin (patched once per process)."""
    return patch_flex_random_uniform(assets.locate().acoustic.read_bytes())


@contextlib.contextmanager
def _runtime_log_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for a moment.

    LiteRT's C++ runtime writes "INFO: Created TensorFlow Lite XNNPACK delegate" straight
    to fd 2 when an interpreter first plans its graph; the library must not print, and
    that line would tear the CLI's progress display.
    """
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all: nothing to protect
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


# LiteRT's error reporter keeps every message of the interpreter's life and puts them all
# in each RuntimeError: the load-time notes about the patched op, then every failure
# so far, run together ("...out of boundsNode number 485 (GATHER) failed to invoke.").
_LOAD_NOTE = re.compile(r"Found builtin operator \w+ with custom options\.\s*")
_FAILURE = re.compile(r"(.*?)\s*Node number (\d+) \((\w+)\) failed to (\w+)\.", re.S)


def runtime_error_line(exc: BaseException) -> str:
    """LiteRT's message for the latest failure alone, as one line without its log notes."""
    text = _LOAD_NOTE.sub("", str(exc))
    failures = _FAILURE.findall(text)
    if failures:
        reason, node, op, stage = failures[-1]
        reason = " ".join(reason.split()) or "error"
        return f"{reason} (node {node}, {op}, failed to {stage})"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def _interpreter(model: bytes, num_threads: int):  # -> Interpreter
    # Imported here so the frontend and `prepare` work without loading LiteRT at all.
    from ai_edge_litert.interpreter import Interpreter

    try:
        return Interpreter(model_content=model, num_threads=num_threads)
    except (ValueError, RuntimeError) as exc:
        raise ModelMissing(f"the offline voice model does not load on LiteRT: {exc}") from None


class BakerModel:
    """FastSpeech2 + MB-MelGAN on LiteRT. Not thread-safe: one per thread or process."""

    def __init__(self, num_threads: int = 1) -> None:
        self.num_threads = num_threads
        self._acoustic = _interpreter(_acoustic_model_bytes(), num_threads)
        self._vocoder = _interpreter(assets.locate().vocoder.read_bytes(), num_threads)
        self._acoustic_inputs = [d["index"] for d in self._acoustic.get_input_details()]
        self._acoustic_outputs = [d["index"] for d in self._acoustic.get_output_details()]
        self._vocoder_input = self._vocoder.get_input_details()[0]["index"]
        self._vocoder_output = self._vocoder.get_output_details()[0]["index"]
        with _runtime_log_silenced():
            self.utterance(_WARM_UP_IDS)  # plans both graphs once, while the log is off

    def mel(
        self, ids: list[int], speed: float = 1.0, f0: float = 1.0, energy: float = 1.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """Post-net mel ``[1, T, 80]`` and durations (frames per id) for one utterance."""
        acoustic = self._acoustic
        # The input length varies per utterance: resize and re-plan every time.
        acoustic.resize_tensor_input(self._acoustic_inputs[0], [1, len(ids)])
        acoustic.allocate_tensors()
        values = (
            np.asarray([ids], dtype=np.int32),
            np.asarray([0], dtype=np.int32),  # the Baker corpus has one speaker
            np.asarray([speed], dtype=np.float32),
            np.asarray([f0], dtype=np.float32),
            np.asarray([energy], dtype=np.float32),
        )
        for index, value in zip(self._acoustic_inputs, values, strict=True):
            acoustic.set_tensor(index, value)
        acoustic.invoke()
        mel = acoustic.get_tensor(self._acoustic_outputs[_MEL_OUTPUT])
        durations = acoustic.get_tensor(self._acoustic_outputs[_DURATION_OUTPUT])
        return mel, np.asarray(durations).reshape(-1)

    def vocode(self, mel: np.ndarray) -> np.ndarray:
        """Float samples at 24 kHz for a mel ``[1, T, 80]``."""
        vocoder = self._vocoder
        vocoder.resize_tensor_input(self._vocoder_input, list(mel.shape))
        vocoder.allocate_tensors()
        vocoder.set_tensor(self._vocoder_input, mel)
        vocoder.invoke()
        return np.array(vocoder.get_tensor(self._vocoder_output)[0, :, 0], dtype=np.float32)

    def utterance(
        self, ids: list[int], speed: float = 1.0, f0: float = 1.0, energy: float = 1.0
    ) -> Utterance:
        """One utterance; a failure inside LiteRT is ``SynthesisFailed`` with one line."""
        try:
            mel, durations = self.mel(ids, speed, f0, energy)
            return Utterance(self.vocode(mel), durations)
        except (RuntimeError, ValueError) as exc:
            raise SynthesisFailed(
                f"the offline voice model failed on an utterance of {len(ids)} symbols: "
                f"{runtime_error_line(exc)}"
            ) from None
