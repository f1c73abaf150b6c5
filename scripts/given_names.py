#!/usr/bin/env python3
"""Build `extract/lang/en/given_names.toml`: common first names, male and female, across
languages, as English texts write them (the name rules read a first name as evidence of a
person, and its gender to keep "Madame X" apart from "Pierre X").

Sources (facts only: the lists of names, never code):
- the 1990 United States Census name files `dist.male.first` and `dist.female.first`
  (a work of the U.S. Government, public domain), as shipped by the PyPI package `names`
  0.3.0; names with a frequency of at least `CENSUS_MIN` percent;
- the first-name lists of the Latin- and Cyrillic-script locales of the PyPI package
  `Faker` (MIT licence), Cyrillic ones transliterated with the lexicon's own table;
- Roman praenomina and a few classical given names, written by the team.

Usage: python scripts/given_names.py NAMES_DIR FAKER_DIR > src/.../given_names.toml
(NAMES_DIR holds the two census files; FAKER_DIR is an unpacked Faker wheel.)
"""

from __future__ import annotations

import importlib
import sys
import tomllib
import unicodedata
from pathlib import Path

CENSUS_MIN = 0.004
# the locales with lists of their own common names (not the long lists of every name used
# in a country, which hold rare and foreign names)
_LOCALES = """
cs_CZ da_DK de_AT de_DE en_GB en_IE es_ES es_MX fi_FI fr_FR fr_CA hr_HR hu_HU it_IT
lv_LV nl_NL no_NO pl_PL pt_PT pt_BR ro_RO sk_SK sl_SI sv_SE et_EE uk_UA ru_RU el_GR
"""
LOCALES = _LOCALES.split()
# Roman praenomina (and the spellings translations use), men's and women's, and given
# names of classical and biblical figures that English texts use as first names, and
# Italian given names of the Renaissance the locale lists lack.
CLASSICAL_MALE = """
Appius Aulus Caius Cnaeus Decimus Faustus Gaius Gnaeus Kaeso Lucius Mamercus Manius
Marcus Numerius Publius Quintus Servius Sextus Spurius Tiberius Titus Vibius Postumus
Agrippa Drusus Germanicus
Amerigo Ercole Galeazzo Galileo Tommaso
"""
CLASSICAL_FEMALE = """
Gaia Lucia Marcia Publia Quinta Tertia Tertulla
"""


def census(path: Path) -> dict[str, float]:
    """Name -> frequency (percent) of the names at least `CENSUS_MIN` percent common."""
    out = {}
    for line in path.read_text(encoding="ascii").splitlines():
        name, freq = line.split()[:2]
        out[name.capitalize()] = float(freq)
    return out


def translit(name: str, table: dict[str, str]) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    out = "".join(table.get(ch.lower(), ch) for ch in bare).replace("-", "")
    return out[:1].upper() + out[1:]


def faker_names(faker_dir: Path, table: dict[str, str]) -> tuple[set[str], set[str]]:
    sys.path.insert(0, str(faker_dir))
    male: set[str] = set()
    female: set[str] = set()
    for loc in LOCALES:
        try:
            mod = importlib.import_module(f"faker.providers.person.{loc}")
        except ModuleNotFoundError:
            continue
        prov = mod.Provider
        for attr, into in (("first_names_male", male), ("first_names_female", female)):
            names = getattr(prov, attr, ())
            if isinstance(names, dict):
                names = list(names)
            for n in names:
                n = unicodedata.normalize("NFC", n.strip())
                if not n or " " in n:
                    continue
                if not n[:1].isascii() and unicodedata.name(n[0]).startswith(("CYR", "GREEK")):
                    n = translit(n, table)
                if n.isalpha() or "-" in n or "'" in n:
                    into.add(n)
    return male, female


def main() -> int:
    names_dir, faker_dir = Path(sys.argv[1]), Path(sys.argv[2])
    lang = Path(__file__).resolve().parents[1] / "src/timeline_desktop/extract/lang/en"
    people = tomllib.loads((lang / "people.toml").read_text(encoding="utf-8"))
    table = {**people["maps"]["cyrillic"], **people["maps"]["greek"]}
    cm = census(names_dir / "dist.male.first")
    cf = census(names_dir / "dist.female.first")
    male = {n for n, f in cm.items() if f >= CENSUS_MIN}
    female = {n for n, f in cf.items() if f >= CENSUS_MIN}
    fm, ff = faker_names(faker_dir, table)
    male |= fm | set(CLASSICAL_MALE.split())
    female |= ff | set(CLASSICAL_FEMALE.split())
    both = male & female
    for n in list(both):  # the census says which is far more common ("James", "Mary"), unless
        m, f = cm.get(n, 0.0), cf.get(n, 0.0)  # another language gives it to the other sex
        if m >= 5 * f and m > 0 and n not in ff:
            female.discard(n)
        elif f >= 5 * m and f > 0 and n not in fm:
            male.discard(n)
    both = male & female
    male, female = male - both, female - both

    def block(names: set[str]) -> str:
        words = sorted(names, key=lambda n: (n.lower(), n))
        lines, cur = [], ""
        for w in words:
            if len(cur) + len(w) + 1 > 90:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}".strip()
        lines.append(cur)
        return "\n".join(lines)

    print(__doc__.replace('"""', "").strip().replace("\n", "\n# ").join(["# ", "\n"]), end="")
    print("# Generated by scripts/given_names.py; edit the script, not this file.\n")
    print("[words]")
    print('# first names of men\ngiven_male = """')
    print(block(male))
    print('"""\n# first names of women\ngiven_female = """')
    print(block(female))
    print('"""\n# first names given to men and to women\ngiven_either = """')
    print(block(both))
    print('"""')
    return 0


if __name__ == "__main__":
    sys.exit(main())
