"""Voice profiles (role -> engine voice) and the user pronunciation lexicon.

Both live as plain files in ``voices/`` so an editor can change how the edition sounds
without touching code: ``<engine>.toml`` per engine and one ``lexicon.tsv``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from audio_edition.engines.base import VoiceSettings
from audio_edition.errors import InputError
from audio_edition.models import Role
from audio_edition.toml_file import read_toml

VOICES_ENV = "AUDIO_EDITION_VOICES"


def voices_dir() -> Path:
    """``$AUDIO_EDITION_VOICES``, else ``./voices``, else the one beside the package."""
    env = os.environ.get(VOICES_ENV)
    if env:
        return Path(env)
    here = Path.cwd() / "voices"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "voices"


@dataclass(frozen=True)
class Profile:
    """Which voice reads each role of the script, for one engine."""

    engine: str
    roles: dict[Role, VoiceSettings]

    def for_role(self, role: Role) -> VoiceSettings:
        return self.roles[role]


# Ranges a role's settings must fall in: outside them the engines give silence
# (volume -100 %), garble or refuse, after minutes of work.
RANGES = {"rate": (-50, 100), "pitch": (-100, 100), "volume": (-90, 100)}
ROLE_FIELDS = ("voice", *RANGES)
ENGINES = ("offline", "kokoro", "edge")


@dataclass(frozen=True)
class RoleSpec:
    """One role of a profile file, checked field by field (the profile's schema).

    ``voice`` may name its engine (``kokoro:zm_yunyang``), so one profile mixes engines;
    a bare voice belongs to the profile's own engine.
    """

    voice: str
    rate: int = 0
    pitch: int = 0
    volume: int = 0

    @classmethod
    def load(cls, spec: object, where: str) -> RoleSpec:
        if not isinstance(spec, dict):
            raise InputError(f"{where} must be a table of {', '.join(ROLE_FIELDS)}")
        unknown = sorted(set(spec) - set(ROLE_FIELDS))
        if unknown:
            raise InputError(
                f"{where}.{unknown[0]} is not a voice setting ({', '.join(ROLE_FIELDS)})"
            )
        voice = spec.get("voice")
        if not isinstance(voice, str) or not voice.strip():
            raise InputError(f"{where}.voice must be a voice name, not {voice!r}")
        values: dict[str, int] = {}
        for name, (low, high) in RANGES.items():
            value = spec.get(name, 0)
            if isinstance(value, bool) or not isinstance(value, int):
                raise InputError(f"{where}.{name} must be a whole number, not {value!r}")
            if not low <= value <= high:
                raise InputError(f"{where}.{name} = {value} is out of range ({low} to {high})")
            values[name] = value
        return cls(voice=voice.strip(), **values)

    def settings(self, engine: str, where: str) -> VoiceSettings:
        named, sep, voice = self.voice.partition(":")
        if sep:
            if named not in ENGINES:
                raise InputError(f"{where}.voice names engine {named!r} ({', '.join(ENGINES)})")
            engine = named
        else:
            voice = self.voice
        return VoiceSettings(
            engine=engine, voice=voice, rate=self.rate, pitch=self.pitch, volume=self.volume
        )


def load_profile(name: str, directory: Path | None = None) -> Profile:
    """Profile ``<name>.toml``, validated whole before any synthesis: one line naming the
    file and the field for the first thing wrong."""
    path = (directory or voices_dir()) / f"{name}.toml"
    try:
        data = read_toml(path)
    except FileNotFoundError:
        raise InputError(f"no voice profile {name!r} at {path}") from None
    engine = data.get("engine", name)  # a profile named after its engine may omit it
    if "engine" in data and (not isinstance(engine, str) or engine not in ENGINES):
        raise InputError(f"{path}: engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    roles_data = data.get("roles", {})
    if not isinstance(roles_data, dict):
        raise InputError(f"{path}: roles must be a table of roles, not {roles_data!r}")
    unknown = sorted(set(roles_data) - {role.value for role in Role})
    if unknown:
        raise InputError(
            f"{path}: roles.{unknown[0]} is not a role ({', '.join(r.value for r in Role)})"
        )
    roles: dict[Role, VoiceSettings] = {}
    for role in Role:
        where = f"{path}: roles.{role.value}"
        if role.value not in roles_data:
            raise InputError(f"voice profile {path} has no voice for role '{role.value}'")
        roles[role] = RoleSpec.load(roles_data[role.value], where).settings(engine, where)
    return Profile(engine=engine, roles=roles)


def with_overrides(
    profile: Profile, voices: dict[Role, str] | None = None, rate: int | None = None
) -> Profile:
    """A copy of ``profile`` with some roles' voices and/or every role's rate replaced."""
    roles = dict(profile.roles)
    for role, settings in roles.items():
        voice = (voices or {}).get(role, settings.voice)
        roles[role] = VoiceSettings(
            engine=settings.engine,
            voice=voice,
            rate=settings.rate if rate is None else rate,
            pitch=settings.pitch,
            volume=settings.volume,
        )
    return Profile(engine=profile.engine, roles=roles)


@dataclass(frozen=True)
class LexiconEntry:
    """A word's reading: pinyin syllables with tone digits, and optional replacement text
    for engines that cannot take pinyin (a homophone spelling in Han characters)."""

    word: str
    pinyin: tuple[str, ...]
    replacement: str | None = None


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, LexiconEntry] = field(default_factory=dict)

    def words_longest_first(self) -> list[str]:
        return sorted(self.entries, key=len, reverse=True)

    def replace_text(self, text: str) -> str:
        """Apply replacement spellings (for online engines), longest words first."""
        for word in self.words_longest_first():
            entry = self.entries[word]
            if entry.replacement:
                text = text.replace(word, entry.replacement)
        return text


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read ``word<TAB>pinyin[<TAB>replacement]`` lines; ``#`` starts a comment."""
    path = path or voices_dir() / "lexicon.tsv"
    if not path.exists():
        return Lexicon()
    entries: dict[str, LexiconEntry] = {}
    for number, raw in enumerate(_lexicon_text(path).splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 2 or not cols[0] or not cols[1]:
            raise InputError(f"{path}:{number}: expected word<TAB>pinyin[<TAB>replacement]")
        word, pinyin = cols[0], tuple(cols[1].split())
        if len(pinyin) != len(word):
            raise InputError(
                f"{path}:{number}: '{word}' has {len(word)} characters "
                f"but {len(pinyin)} pinyin syllables"
            )
        replacement = cols[2] if len(cols) > 2 and cols[2] else None
        entries[word] = LexiconEntry(word, pinyin, replacement)
    return Lexicon(entries)


def _lexicon_text(path: Path) -> str:
    """The lexicon as text, or one line saying why it is not UTF-8 text (a lexicon saved
    in GB18030 or a binary file would otherwise be a traceback)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the lexicon ({exc.strerror})") from None
    if b"\0" in data:
        raise InputError(f"{path}: is a binary file, not a word<TAB>pinyin lexicon")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: is not UTF-8 text; save the lexicon as UTF-8") from None
