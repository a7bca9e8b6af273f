"""Per offline voice, on the seed's first article: real-time factor (2 threads),
listener PER (../shared/tools/listen.sh when it runs), DNSMOS p808/overall (``speechmos``)
and the anchor/reporter speaker-embedding cosine (``resemblyzer``). The last two are
optional benchmark-only deps: skipped with a note when they cannot be imported.

    uv run python benchmarks/voices.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

from audio_edition.engines.base import ClipRequest, VoiceSettings
from audio_edition.engines.kokoro import KokoroEngine
from audio_edition.engines.offline import OfflineEngine
from audio_edition.pages import read_pages

ROOT = Path(__file__).resolve().parents[1]
LISTEN = ROOT.parent / "shared" / "tools" / "listen.sh"
VOICES = [("offline", "baker"), ("kokoro", "zm_yunyang"), ("kokoro", "zm_yunxi")]


def first_article_text() -> str:
    page = read_pages(sorted((ROOT / "seeds").glob("*.txt"))[:1])[0]
    article = page.articles[0]
    paragraphs = [p for section in article.sections for p in section.paragraphs]
    return "。".join([article.headline, *paragraphs])[:240]


def write_wav(path: Path, pcm: bytes, rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(rate)
        out.writeframes(pcm)


def listener_per(wav: Path, text: str, tmp: Path) -> str:
    reference = tmp / "ref.txt"
    reference.write_text(text, encoding="utf-8")
    try:
        done = subprocess.run(
            [str(LISTEN), str(wav), str(reference)], capture_output=True, text=True, timeout=900
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"n/a ({exc})"
    return done.stdout.strip().splitlines()[-1] if done.returncode == 0 else "n/a"


def dnsmos(samples: np.ndarray, rate: int) -> str:
    try:
        from speechmos import dnsmos as mos  # type: ignore[import-not-found]
    except ImportError as exc:
        return f"n/a (speechmos not importable: {exc})"
    audio = (
        samples
        if rate == 16_000
        else np.interp(np.arange(0, len(samples), rate / 16_000), np.arange(len(samples)), samples)
    )
    result = mos.run(audio.astype(np.float32), 16_000)
    return f"p808 {result['p808_mos']:.2f} overall {result['ovrl_mos']:.2f}"


def cosine(a: np.ndarray, b: np.ndarray, rate: int) -> str:
    try:
        from resemblyzer import VoiceEncoder, preprocess_wav  # type: ignore[import-not-found]
    except ImportError as exc:
        return f"n/a (resemblyzer not importable: {exc})"
    encoder = VoiceEncoder("cpu")
    ea, eb = (encoder.embed_utterance(preprocess_wav(x, source_sr=rate)) for x in (a, b))
    return f"{float(np.dot(ea, eb) / np.linalg.norm(ea) / np.linalg.norm(eb)):.3f}"


def main() -> None:
    text = first_article_text()
    engines = {"offline": OfflineEngine(threads=2), "kokoro": KokoroEngine(threads=2)}
    audio: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for engine_id, voice in VOICES:
            engine = engines[engine_id]
            request = ClipRequest(text, VoiceSettings(engine_id, voice))
            engine.synthesise(ClipRequest("你好。", request.voice))  # load outside the timing
            start = time.perf_counter()
            clip = engine.synthesise(request)
            seconds = time.perf_counter() - start
            samples = np.frombuffer(clip.pcm, dtype="<i2").astype(np.float32) / 32767
            audio[voice] = samples
            wav = tmp / f"{voice}.wav"
            write_wav(wav, clip.pcm, clip.sample_rate)
            print(
                f"{engine_id}:{voice}: {clip.duration_s:.1f} s audio, "
                f"RTF {seconds / clip.duration_s:.3f}, "
                f"PER {listener_per(wav, text, tmp)}, DNSMOS {dnsmos(samples, clip.sample_rate)}",
                flush=True,
            )
    similarity = cosine(audio["zm_yunyang"], audio["baker"], 24_000)
    print(f"anchor/reporter cosine (zm_yunyang vs baker): {similarity}")


if __name__ == "__main__":
    sys.exit(main())
