"""Names of places, people and clubs in both countries: found, swapped and masked.

A sentence's variety must come from its language. A model that learned "Lisboa means
pt-PT" is right for the wrong reason, and wrong on a Portuguese paper's story about
São Paulo.
"""

from __future__ import annotations

import re

# Same order in both lists: a name's counterpart in the other country is at its index.
PLACES = {
    "pt-PT": ["Lisboa", "Porto", "Coimbra", "Braga", "Faro", "Aveiro", "Setúbal", "Évora",
              "Viseu", "Leiria", "Guimarães", "Funchal"],
    "pt-BR": ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Salvador",
              "Fortaleza", "Porto Alegre", "Campinas", "Manaus", "Belém", "Brasília", "Recife"],
}  # fmt: skip
PEOPLE = {
    "pt-PT": ["João", "Inês", "Rui", "Beatriz", "Tiago", "Mariana", "Duarte", "Leonor",
              "Gonçalo", "Matilde", "Afonso", "Carolina"],
    "pt-BR": ["Thiago", "Larissa", "Gabriel", "Juliana", "Rafael", "Camila", "Matheus",
              "Letícia", "Vinícius", "Bruna", "Guilherme", "Fernanda"],
}  # fmt: skip
CLUBS = {
    "pt-PT": ["Benfica", "Sporting", "Vitória", "Boavista"],
    "pt-BR": ["Flamengo", "Corinthians", "Palmeiras", "Grêmio"],
}
SURNAMES = ["Silva", "Santos", "Ferreira", "Pereira", "Costa", "Oliveira", "Rodrigues"]
MASKS = {"place": "[LOC]", "person": "[PER]", "club": "[ORG]"}

_KIND = {
    **{name: "place" for names in PLACES.values() for name in names},
    **{name: "person" for names in PEOPLE.values() for name in names},
    **dict.fromkeys(SURNAMES, "person"),
    **{name: "club" for names in CLUBS.values() for name in names},
}
_OTHER = {
    name: other
    for table in (PLACES, PEOPLE, CLUBS)
    for pt, br in zip(table["pt-PT"], table["pt-BR"], strict=True)
    for name, other in ((pt, br), (br, pt))
}
# Longest first: "Porto Alegre" is one name, not "Porto" and a word.
_NAMES = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _KIND), key=len, reverse=True)) + r")\b"
)


def names_in(text: str) -> list[str]:
    """The names in `text`, and the masks standing for names."""
    return _NAMES.findall(text) + [m for m in MASKS.values() if m in text]


def swap(text: str) -> str:
    """Every name for its counterpart in the other country: Lisboa <-> São Paulo."""
    return _NAMES.sub(lambda found: _OTHER.get(found.group(1), found.group(1)), text)


def mask(text: str) -> str:
    """`Ontem, no Porto` -> `Ontem, no [LOC]`."""
    return _NAMES.sub(lambda found: MASKS[_KIND[found.group(1)]], text)
