"""Pinyin initials at import speed, equal to `registry.services.elders.name_initials`.

`name_initials` segments the name into phrases (about 20 µs a name). Most characters have one
first letter whatever their reading, so a name made only of those is spelled letter by letter;
a name with a character whose readings start differently (曾 céng/zēng, 单 dān/shàn) still goes
through `name_initials`, so the result is always the same.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

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


@lru_cache(maxsize=100_000)
def fast_initials(name: str) -> str:
    """Return `name_initials(name)`, spelled letter by letter when no character is ambiguous."""
    try:
        return "".join([_LETTERS[character] for character in name])
    except KeyError:
        return name_initials(name)
