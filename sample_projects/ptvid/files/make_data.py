"""Write the ptvid dataset: short sentences in European (pt-PT) and Brazilian (pt-BR) Portuguese.

The sentences come from templates written by hand; each template has a European and a
Brazilian form that differ the way the varieties do (vocabulary, spelling, clitics,
"estar a + infinitive" vs the gerund, "tu" vs "você"). Some templates are identical in
both varieties on purpose, so that no model can reach 100%.

    python make_data.py            # writes data/<domain>.tsv (variety, template, text)
"""

from __future__ import annotations

import random
from pathlib import Path

SEED = 13
PER_TEMPLATE = 8

# concept -> (pt-PT, pt-BR)
WORDS = {
    "bus": ("autocarro", "ônibus"),
    "train": ("comboio", "trem"),
    "phone": ("telemóvel", "celular"),
    "team": ("equipa", "time"),
    "fact": ("facto", "fato"),
    "breakfast": ("pequeno-almoço", "café da manhã"),
    "juice": ("sumo", "suco"),
    "screen": ("ecrã", "tela"),
    "user": ("utilizador", "usuário"),
    "register": ("registo", "registro"),
    "bathroom": ("casa de banho", "banheiro"),
    "fridge": ("frigorífico", "geladeira"),
    "kid": ("miúdo", "garoto"),
    "cool": ("fixe", "legal"),
    "girl": ("rapariga", "moça"),
    "toll": ("portagem", "pedágio"),
    "mayor": ("presidente da câmara", "prefeito"),
    "council": ("câmara municipal", "prefeitura"),
    "defendant": ("arguido", "réu"),
    "rent": ("renda", "aluguel"),
    "flat": ("apartamento", "apartamento"),
    "reception": ("receção", "recepção"),
    "contact": ("contacto", "contato"),
    "ice_cream": ("gelado", "sorvete"),
    "queue": ("fila", "fila"),
    "suit": ("fato", "terno"),
    "shop": ("loja", "loja"),
}

# verb -> (infinitive, gerund)
VERBS = [
    ("fazer", "fazendo"),
    ("trabalhar", "trabalhando"),
    ("estudar", "estudando"),
    ("ler", "lendo"),
    ("escrever", "escrevendo"),
    ("preparar", "preparando"),
    ("esperar", "esperando"),
    ("analisar", "analisando"),
]

CITIES = (["Lisboa", "Porto", "Coimbra", "Braga", "Faro", "Aveiro"],
          ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Recife", "Curitiba", "Salvador"])
NAMES = (["João", "Inês", "Rui", "Beatriz", "Tiago", "Mariana"],
         ["Thiago", "Larissa", "Gabriel", "Juliana", "Rafael", "Camila"])
# Shared names and places: the variety must come from the language, not the proper nouns.
SHARED_NAMES = ["Ana", "Pedro", "Maria", "Carlos", "Sofia", "Lucas"]

# (pt-PT, pt-BR) templates. {w:concept} picks the variety's word, {v} a progressive verb,
# {city}, {name}, {n} fill in; identical pairs are deliberately ambiguous.
TEMPLATES = {
    "news": [
        ("O {w:bus} das oito chegou atrasado em {city}.", "O {w:bus} das oito chegou atrasado em {city}."),
        ("A greve do {w:train} afeta {n} mil passageiros.", "A greve do {w:train} afeta {n} mil passageiros."),
        ("O {w:mayor} de {city} anunciou obras na {w:toll}.", "O {w:mayor} de {city} anunciou obras no {w:toll}."),
        ("A {w:council} está a {v} o novo orçamento.", "A {w:council} está {v} o novo orçamento."),
        ("De {w:fact}, o governo recuou na proposta.", "De {w:fact}, o governo recuou na proposta."),
        ("A {w:team} da casa venceu por {n} golos.", "O {w:team} da casa venceu por {n} gols."),
        ("O preço da {w:rent} subiu {n} por cento num ano.", "O preço do {w:rent} subiu {n} por cento em um ano."),
        ("O ministro reuniu-se com os sindicatos.", "O ministro se reuniu com os sindicatos."),
        ("A inflação caiu pelo terceiro mês seguido.", "A inflação caiu pelo terceiro mês seguido."),
        ("O relatório foi publicado esta manhã.", "O relatório foi publicado esta manhã."),
        ("Milhares de pessoas estão a {v} nas ruas de {city}.", "Milhares de pessoas estão {v} nas ruas de {city}."),
    ],
    "legal": [
        ("O {w:defendant} foi absolvido pelo tribunal de {city}.", "O {w:defendant} foi absolvido pelo tribunal de {city}."),
        ("O contrato de {w:rent} cessa no prazo de {n} dias.", "O contrato de {w:rent} termina no prazo de {n} dias."),
        ("O {w:register} predial deve ser atualizado.", "O {w:register} de imóveis deve ser atualizado."),
        ("O senhorio notificou-o por carta registada.", "O locador o notificou por carta registrada."),
        ("Nos termos da lei, o prazo é de {n} dias úteis.", "Nos termos da lei, o prazo é de {n} dias úteis."),
        ("O advogado está a {v} o recurso.", "O advogado está {v} o recurso."),
        ("A decisão transitou em julgado.", "A decisão transitou em julgado."),
        ("O {w:contact} do mandatário consta do processo.", "O {w:contact} do procurador consta do processo."),
        ("Compete ao juiz apreciar a prova.", "Compete ao juiz apreciar a prova."),
        ("O arrendatário pagou a {w:rent} com atraso.", "O inquilino pagou o {w:rent} com atraso."),
    ],
    "social": [
        ("Perdi o {w:bus} outra vez, que seca", "Perdi o {w:bus} de novo, que saco"),
        ("O meu {w:phone} ficou sem bateria", "Meu {w:phone} ficou sem bateria"),
        ("Tu vens ao jantar logo?", "Você vem no jantar hoje?"),
        ("Isto está mesmo {w:cool} :)", "Isso tá muito {w:cool} :)"),
        ("Estou a {v} desde as {h} da manhã", "Tô {v} desde as {h} da manhã"),
        ("Alguém sabe o {w:contact} de {name}?", "Alguém sabe o {w:contact} de {name}?"),
        ("{w:breakfast} com {w:juice} de laranja, bom dia", "{w:breakfast} com {w:juice} de laranja, bom dia"),
        ("Diz-me quando chegares", "Me fala quando chegar"),
        ("O {w:screen} partiu-se, inacreditável", "A {w:screen} quebrou, inacreditável"),
        ("Vou comer um {w:ice_cream}", "Vou tomar um {w:ice_cream}"),
        ("Bom fim de semana a todos", "Bom fim de semana a todos"),
        ("kkk não acredito", "kkkk não acredito"),
    ],
    "literature": [
        ("A {w:girl} olhava o rio sem pressa.", "A {w:girl} olhava o rio sem pressa."),
        ("O {w:kid} corria atrás do {w:train} até perder o fôlego.", "O {w:kid} corria atrás do {w:train} até perder o fôlego."),
        ("Chamava-se {name} e tinha medo do escuro.", "Se chamava {name} e tinha medo do escuro."),
        ("Naquela casa, todos estavam a {v} em silêncio.", "Naquela casa, todos estavam {v} em silêncio."),
        ("Deu-lhe a carta e foi-se embora.", "Lhe deu a carta e foi embora."),
        ("A chuva caía sobre os telhados da cidade.", "A chuva caía sobre os telhados da cidade."),
        ("Vestiu o {w:suit} escuro para o funeral.", "Vestiu o {w:suit} escuro para o enterro."),
        ("Tu nunca me disseste a verdade.", "Você nunca me disse a verdade."),
        ("Era uma noite fria de inverno.", "Era uma noite fria de inverno."),
        ("Abriu o {w:fridge} e não encontrou nada.", "Abriu a {w:fridge} e não encontrou nada."),
    ],
}

VARIETIES = ("pt-PT", "pt-BR")

# Shared openers and endings: the same in both varieties, so they only add noise.
OPENERS = {
    "news": ["", "Ontem, ", "Hoje, ", "Esta semana, ", "Segundo a agência, ", "Em {city}, "],
    "legal": ["", "Assim, ", "Por conseguinte, ", "Em suma, ", "Nestes termos, "],
    "social": ["", "", "ok ", "gente, ", "sério, "],
    "literature": ["", "Naquele tempo, ", "De manhã, ", "Mais tarde, ", "Sem dizer nada, "],
}
ENDINGS = {"social": ["", "", " haha", " :(", " !!", " #segunda", " rs"]}


def fill(template: str, side: int, domain: str, rng: random.Random) -> str:
    out = template
    while "{w:" in out:
        start = out.index("{w:")
        end = out.index("}", start)
        concept = out[start + 3 : end]
        out = out[:start] + WORDS[concept][side] + out[end + 1 :]
    infinitive, gerund = rng.choice(VERBS)
    opener = rng.choice(OPENERS[domain])
    if opener and not out.startswith(("{name", "{city")):
        out = out[0].lower() + out[1:]
    out = opener + out + rng.choice(ENDINGS.get(domain, [""]))
    text = out.format(
        h=rng.randint(5, 11),
        v=infinitive if side == 0 else gerund,
        city=rng.choice(CITIES[side]),
        name=rng.choice(SHARED_NAMES + NAMES[side]),
        n=rng.randint(2, 90),
    )
    return text[0].upper() + text[1:]


def build() -> dict[str, list[tuple[str, str, str]]]:
    rng = random.Random(SEED)
    rows: dict[str, list[tuple[str, str, str]]] = {}
    for domain, templates in TEMPLATES.items():
        seen: set[tuple[str, str]] = set()
        out: list[tuple[str, str, str]] = []
        for index, pair in enumerate(templates):
            template_id = f"{domain}-{index:02d}"
            for side, variety in enumerate(VARIETIES):
                for _ in range(PER_TEMPLATE * 6):
                    text = fill(pair[side], side, domain, rng)
                    if (variety, text) in seen:
                        continue
                    seen.add((variety, text))
                    out.append((variety, template_id, text))
                    if sum(1 for r in out if r[0] == variety and r[1] == template_id) >= PER_TEMPLATE:
                        break
        rows[domain] = out
    return rows


def main() -> None:
    folder = Path(__file__).parent / "data"
    folder.mkdir(exist_ok=True)
    for domain, rows in build().items():
        lines = ["variety\ttemplate\ttext"] + ["\t".join(row) for row in rows]
        (folder / f"{domain}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{domain}: {len(rows)} sentences")


if __name__ == "__main__":
    main()
