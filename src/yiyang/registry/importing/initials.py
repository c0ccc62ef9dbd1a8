"""Pinyin initials at import speed, equal to `registry.services.elders.name_initials`.

`name_initials` segments the name into phrases (about 20-60 µs a name). Two shortcuts give the
same result without it:

- most characters have one first letter whatever their reading, so a name made only of those
  is spelled letter by letter;
- a name with a character whose readings start differently (曾 céng/zēng, 单 dān/shàn) is read
  character by character by pypinyin unless some run of two or more of its characters is in the
  phrase dictionary; so when none is, each character's own initial (cached) is the answer.

Anything else (a phrase inside the name, a character pypinyin does not know) goes through
`name_initials`. Hypothesis tests prove both agree.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pypinyin.constants import PHRASES_DICT
from pypinyin.pinyin_dict import pinyin_dict

from yiyang.registry.services.elders import name_initials


def _first_letter(reading: str) -> str:
    return unicodedata.normalize("NFD", reading)[0].lower()


def _unambiguous_letters() -> dict[str, str]:
    letters: dict[str, str] = {}
    for codepoint, readings in pinyin_dict.items():
        firsts = {_first_letter(reading) for reading in readings.split(",") if reading}
        if len(firsts) == 1:
            (letter,) = firsts
            if "a" <= letter <= "z":
                letters[chr(codepoint)] = letter
    return letters


_LETTERS = _unambiguous_letters()


@lru_cache(maxsize=4096)
def _character_initial(character: str) -> str | None:
    """Return the initial pypinyin gives `character` read alone, or None when it has no reading."""
    if ord(character) not in pinyin_dict:
        return None
    return name_initials(character)


def _has_phrase(name: str) -> bool:
    length = len(name)
    return any(
        name[start:end] in PHRASES_DICT
        for start in range(length - 1)
        for end in range(start + 2, length + 1)
    )


@lru_cache(maxsize=100_000)
def fast_initials(name: str) -> str:
    """Return `name_initials(name)`, without segmenting the name when the result cannot depend on it."""
    try:
        return "".join([_LETTERS[character] for character in name])
    except KeyError:
        pass
    if len(name) <= 8 and not _has_phrase(name):
        letters = [_character_initial(character) for character in name]
        known = [letter for letter in letters if letter is not None]
        if len(known) == len(letters):
            return "".join(known)
    return name_initials(name)
