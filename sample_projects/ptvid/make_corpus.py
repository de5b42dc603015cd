"""Write the ptvid demo's corpus: `files/data/raw.jsonl`, six domains of pt-PT and pt-BR.

Not part of the demo repository: the demo ships what this writes, and a test runs it
again and compares the bytes, so the data is pinned and nothing random happens at build
time. The sentences are synthetic stand-ins for the real corpora, written to behave
like them:

- label counts per domain follow the PtVId paper's table in shape (pt-PT dominates
  news, legal, politics and social media; web is even; literature leans pt-BR);
- each variety shows itself through vocabulary (autocarro/ônibus), spelling
  (facto/fato, económico/econômico), clitics (disse-me/me disse) and the progressive
  (está a fazer/está fazendo); some sentences are the same in both;
- places, people and clubs belong, almost always, to the writer's country: the
  shortcut a model takes instead of the language (the demo's Clever Hans);
- raw noise for the filter to remove: HTML, URLs, retweets, mentions, hashtags, court
  codes, bullets, dashes, emoji, boilerplate and duplicates.

    python sample_projects/ptvid/make_corpus.py
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
from pathlib import Path

SEED = 2024
FILES = Path(__file__).parent / "files"
OUT = FILES / "data" / "raw.jsonl"


def _entities():  # the project's own lists of names (files/entities.py), not a copy
    spec = importlib.util.spec_from_file_location("entities", FILES / "entities.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ENTITIES = _entities()

# domain -> (source, variety, documents), in the order they were collected
SOURCES = {
    "news": [
        ("publico.pt", "pt-PT", 230),
        ("jn.pt", "pt-PT", 190),
        ("folha.uol.com.br", "pt-BR", 60),
        ("oglobo.globo.com", "pt-BR", 50),
    ],
    "legal": [("dgsi.pt", "pt-PT", 360), ("stj.jus.br", "pt-BR", 10)],
    "politics": [("parlamento.pt", "pt-PT", 130), ("camara.leg.br", "pt-BR", 18)],
    "web": [("crawl-pt", "pt-PT", 170), ("crawl-br", "pt-BR", 175)],
    "social": [("twitter-pt", "pt-PT", 430), ("twitter-br", "pt-BR", 12)],
    "literature": [("adamastor", "pt-PT", 55), ("dominiopublico", "pt-BR", 120)],
}

PLACES = (ENTITIES.PLACES["pt-PT"], ENTITIES.PLACES["pt-BR"])
PEOPLE = (ENTITIES.PEOPLE["pt-PT"], ENTITIES.PEOPLE["pt-BR"])
CLUBS = (ENTITIES.CLUBS["pt-PT"], ENTITIES.CLUBS["pt-BR"])
SURNAMES = ENTITIES.SURNAMES
FAME = [16, 8, 5, 4, 3, 3, 2, 2, 2, 2, 1, 1]
"""Big cities (and clubs, and common names) are named far more often than small ones."""
ABROAD = 0.02
"""How often a writer names the other country's place, person or club (news travels)."""

# concept -> (pt-PT, pt-BR)
WORDS = {
    "bus": ("autocarro", "ônibus"),
    "train": ("comboio", "trem"),
    "phone": ("telemóvel", "celular"),
    "team": ("equipa", "equipe"),
    "fact": ("facto", "fato"),
    "breakfast": ("pequeno-almoço", "café da manhã"),
    "juice": ("sumo", "suco"),
    "screen": ("ecrã", "tela"),
    "user": ("utilizador", "usuário"),
    "file": ("ficheiro", "arquivo"),
    "download": ("descarregar", "baixar"),
    "password": ("palavra-passe", "senha"),
    "mouse": ("rato", "mouse"),
    "signup": ("registo", "cadastro"),
    "register": ("registo", "registro"),
    "bathroom": ("casa de banho", "banheiro"),
    "fridge": ("frigorífico", "geladeira"),
    "kid": ("miúdo", "menino"),
    "girl": ("rapariga", "moça"),
    "cool": ("fixe", "legal"),
    "toll": ("portagens", "pedágios"),
    "mayor": ("presidente da câmara", "prefeito"),
    "townhall": ("câmara municipal", "prefeitura"),
    "county": ("concelho", "município"),
    "defendant": ("arguido", "réu"),
    "rent": ("renda", "aluguel"),
    "tenant": ("arrendatário", "locatário"),
    "fine": ("coima", "multa"),
    "reception": ("receção", "recepção"),
    "contact": ("contacto", "contato"),
    "ice_cream": ("gelado", "sorvete"),
    "suit": ("fato", "terno"),
    "goal": ("golos", "gols"),
    "fans": ("adeptos", "torcedores"),
    "keeper": ("guarda-redes", "goleiro"),
    "pitch": ("relvado", "gramado"),
    "economic": ("económica", "econômica"),
    "academic": ("académico", "acadêmico"),
    "phenomenon": ("fenómeno", "fenômeno"),
    "anonymous": ("anónimo", "anônimo"),
    "gender": ("género", "gênero"),
    "baby": ("bebé", "bebê"),
    "sneakers": ("ténis", "tênis"),
    "truck": ("camião", "caminhão"),
    "shopwindow": ("montra", "vitrine"),
    "pineapple": ("ananás", "abacaxi"),
    "butcher": ("talho", "açougue"),
    "tuition": ("propinas", "mensalidades"),
    "sport": ("desporto", "esporte"),
    "grandma": ("avó", "vovó"),
    "lady": ("senhora", "moça"),
    "program": ("programa", "programa"),
    "registered": ("registada", "registrada"),
    "cup": ("chávena", "xícara"),
}

# (pt-PT, pt-BR). {w:concept} the variety's word; {place}, {person}, {club} an entity
# (of the writer's country, mostly); {n} a number; {a|b} one of the choices.
FRAMES = {
    "news": [
        (
            "O {w:bus} das {h} horas voltou a chegar atrasado {a:place}.",
            "O {w:bus} das {h} horas voltou a chegar atrasado {em:place}.",
        ),
        (
            "A greve dos {w:train}s afeta {n} mil passageiros {em:place}.",
            "A greve nos {w:train}s afeta {n} mil passageiros {em:place}.",
        ),
        (
            "O {w:mayor} {de:place} anunciou obras nas {w:toll} da região.",
            "O {w:mayor} {de:place} anunciou obras nos {w:toll} da região.",
        ),
        (
            "A {w:townhall} {de:place} está a {rever|estudar|preparar} o orçamento para {y}.",
            "A {w:townhall} {de:place} está {revendo|estudando|preparando} o orçamento para {y}.",
        ),
        (
            "De {w:fact}, o governo recuou na proposta sobre as {rendas|portagens|pensões} {day}.",
            "De {w:fact}, o governo recuou na proposta sobre os {aluguéis|pedágios|aposentados} {day}.",
        ),
        (
            "O {club} venceu por {d} {w:goal} a {d} e os {w:fans} festejaram {em:place}.",
            "O {club} venceu por {d} {w:goal} a {d} e os {w:fans} festejaram {em:place}.",
        ),
        (
            "O {w:keeper} do {club} defendeu um penálti aos {n} minutos.",
            "O {w:keeper} do {club} defendeu um pênalti aos {n} minutos.",
        ),
        (
            "O preço da {w:rent} {em:place} subiu {n} por cento num ano.",
            "O preço do {w:rent} {em:place} subiu {n} por cento em um ano.",
        ),
        (
            "O ministro {da Saúde|das Finanças|da Educação} reuniu-se {day} com os sindicatos {em:place}.",
            "O ministro {da Saúde|da Fazenda|da Educação} se reuniu {day} com os sindicatos {em:place}.",
        ),
        (
            "A inflação caiu para {d},{d} por cento em {month}, segundo os dados oficiais.",
            "A inflação caiu para {d},{d} por cento em {month}, segundo os dados oficiais.",
        ),
        (
            "O relatório sobre a situação {w:economic} do país foi publicado {day}.",
            "O relatório sobre a situação {w:economic} do país foi publicado {day}.",
        ),
        (
            "Milhares de pessoas estão a {protestar|marchar|cantar} nas ruas {de:place}.",
            "Milhares de pessoas estão {protestando|marchando|cantando} nas ruas {de:place}.",
        ),
        (
            "O corpo de {person} {surname}, de {n} anos, foi encontrado {em:place}.",
            "O corpo de {person} {surname}, de {n} anos, foi encontrado {em:place}.",
        ),
        (
            "O museu {de:place} reabre em {month} depois de {d} anos de obras.",
            "O museu {de:place} reabre em {month} depois de {d} anos de obras.",
        ),
        (
            "{person} {surname} venceu a maratona {de:place} com {d} minutos de vantagem.",
            "{person} {surname} venceu a maratona {de:place} com {d} minutos de vantagem.",
        ),
        (
            "A polícia deteve {d} suspeitos de assaltar um {w:butcher} {em:place}.",
            "A polícia prendeu {d} suspeitos de assaltar um {w:butcher} {em:place}.",
        ),
        (
            "Um {w:truck} tombou na autoestrada {day} e cortou o trânsito durante {d} horas.",
            "Um {w:truck} tombou na rodovia {day} e bloqueou o trânsito durante {d} horas.",
        ),
        (
            "Os preços da {energia|gasolina|eletricidade} voltaram a subir em {month}.",
            "Os preços da {energia|gasolina|eletricidade} voltaram a subir em {month}.",
        ),
        (
            "O treinador do {club} disse-nos que a {w:team} está {pronta|preparada|confiante}.",
            "O técnico do {club} nos disse que o time está {pronto|preparado|confiante}.",
        ),
        (
            "O desemprego desceu para {d},{d} por cento no {primeiro|segundo|terceiro} trimestre.",
            "O desemprego caiu para {d},{d} por cento no {primeiro|segundo|terceiro} trimestre.",
        ),
        (
            "O incêndio {em:place} foi dado como dominado {day} pelos bombeiros.",
            "O incêndio {em:place} foi controlado {day} pelos bombeiros.",
        ),
        (
            "A exposição sobre {arte moderna|fotografia|azulejos} abre {day} e fica até ao fim de {month}.",
            "A exposição sobre {arte moderna|fotografia|azulejos} abre {day} e fica até o fim de {month}.",
        ),
        (
            "O festival {de:place} espera receber {n} mil visitantes em {month}.",
            "O festival {de:place} espera receber {n} mil visitantes em {month}.",
        ),
        (
            "O Presidente da República promulgou {day} a lei sobre {a habitação|o clima|as rendas}.",
            "O presidente sancionou {day} a lei sobre {a moradia|o clima|os aluguéis}.",
        ),
        (
            "As eleições {autárquicas|legislativas} de {y} custaram {n} milhões de euros.",
            "As eleições {municipais|gerais} de {y} custaram {n} milhões de reais.",
        ),
        (
            "Cerca de {n} mil alunos fizeram {day} os exames nacionais.",
            "Cerca de {n} mil alunos fizeram {day} as provas do Enem.",
        ),
    ],
    "legal": [
        (
            "O {w:defendant} foi absolvido pelo Tribunal da Relação {de:place} em {month}.",
            "O {w:defendant} foi absolvido pelo Tribunal de Justiça {de:place} em {month}.",
        ),
        (
            "O contrato de {w:rent} cessa no prazo de {n} dias a contar da notificação.",
            "O contrato de {w:rent} termina no prazo de {n} dias a contar da notificação.",
        ),
        (
            "O {w:register} predial do prédio n.º {n} deve ser atualizado pelo requerente.",
            "O {w:register} de imóveis do prédio n.º {n} deve ser atualizado pelo requerente.",
        ),
        (
            "O senhorio notificou-o em {month} por carta {w:registered} com aviso de receção.",
            "O locador o notificou em {month} por carta {w:registered} com aviso de recebimento.",
        ),
        (
            "Nos termos do artigo {n}.º, o prazo para {contestar|recorrer|reclamar} é de {n} dias úteis.",
            "Nos termos do artigo {n}, o prazo para {contestar|recorrer|reclamar} é de {n} dias úteis.",
        ),
        (
            "O mandatário do {w:defendant} está a {preparar|redigir|analisar} o recurso.",
            "O advogado do {w:defendant} está {preparando|redigindo|analisando} o recurso.",
        ),
        (
            "A decisão de {d} de {month} transitou em julgado e não admite recurso.",
            "A decisão de {d} de {month} transitou em julgado e não admite recurso.",
        ),
        (
            "O {w:contact} do mandatário consta dos autos a fls. {n}.",
            "O {w:contact} do procurador consta dos autos a fls. {n}.",
        ),
        (
            "Compete ao juiz apreciar livremente a prova {testemunhal|documental|pericial}.",
            "Compete ao juiz apreciar livremente a prova {testemunhal|documental|pericial}.",
        ),
        (
            "O {w:tenant} pagou a {w:rent} de {month} com {n} dias de atraso.",
            "O {w:tenant} pagou o {w:rent} de {month} com {n} dias de atraso.",
        ),
        (
            "O tribunal condenou {person} {surname} ao pagamento de uma {w:fine} de {n}0 euros.",
            "O juiz condenou {person} {surname} ao pagamento de uma {w:fine} de {n}0 reais.",
        ),
        (
            "O tribunal {de:place} julgou a ação improcedente por falta de prova.",
            "O juízo {de:place} julgou a ação improcedente por falta de prova.",
        ),
        (
            "O Ministério Público deduziu acusação contra {d} arguidos por {burla|furto|fraude fiscal}.",
            "O Ministério Público ofereceu denúncia contra {d} réus por {estelionato|furto|fraude fiscal}.",
        ),
        (
            "Não se provou que o {w:defendant} conhecesse o {w:fact} descrito no ponto {d}.",
            "Não ficou provado que o {w:defendant} conhecesse o {w:fact} descrito no item {d}.",
        ),
        (
            "A testemunha {person} {surname} afirmou ter visto o veículo {em:place}.",
            "A testemunha {person} {surname} afirmou ter visto o veículo {em:place}.",
        ),
        (
            "Custas pelo {recorrente|requerido|autor}, nos termos do artigo {n}.º do código.",
            "Custas pelo {recorrente|requerido|autor}, nos termos do artigo {n} do código.",
        ),
        (
            "Pelo exposto, acordam os juízes em negar provimento ao recurso {do arguido|da autora|do Estado}.",
            "Pelo exposto, acordam os ministros em negar provimento ao recurso {do réu|da autora|da União}.",
        ),
        (
            "As alegações do {recorrente|requerido|autor} foram apresentadas fora de prazo.",
            "As alegações do {recorrente|requerido|autor} foram apresentadas fora do prazo.",
        ),
        (
            "Foram ouvidas as {d} testemunhas arroladas pelas partes.",
            "Foram ouvidas as {d} testemunhas arroladas pelas partes.",
        ),
    ],
    "politics": [
        (
            "Senhor Presidente, o Governo tem de explicar as {w:toll} {em:place}.",
            "Senhor presidente, o governo precisa explicar os {w:toll} {em:place}.",
        ),
        (
            "A bancada apresentou {d} propostas de alteração ao orçamento do Estado para {y}.",
            "A bancada apresentou {d} emendas ao orçamento da União para {y}.",
        ),
        (
            "O deputado {person} {surname}, eleito {por:place}, pediu a palavra.",
            "O deputado {person} {surname}, eleito {por:place}, pediu a palavra.",
        ),
        (
            "Os {w:county}s do interior estão a perder população há {d} décadas.",
            "Os {w:county}s do interior estão perdendo população há {d} décadas.",
        ),
        (
            "Esta proposta sobre {a saúde|a habitação|os transportes} é um {w:fact} consumado e o Governo sabe-o.",
            "Essa proposta sobre {a saúde|a moradia|os transportes} é um {w:fact} consumado e o governo sabe disso.",
        ),
        (
            "A oposição votou contra e a proposta sobre {a saúde|a habitação|os transportes} foi rejeitada.",
            "A oposição votou contra e a proposta sobre {a saúde|a moradia|os transportes} foi rejeitada.",
        ),
        (
            "Os estudantes não podem continuar a pagar {estas|tantas} {w:tuition}.",
            "Os estudantes não podem continuar pagando {essas|tantas} {w:tuition}.",
        ),
        (
            "{Em:place}, as listas de espera nos hospitais já passam de {n} mil pessoas.",
            "{Em:place}, as filas nos hospitais já passam de {n} mil pessoas.",
        ),
        (
            "Quero deixar claro que votaremos a favor desta lei sobre {a saúde|o clima|os transportes}.",
            "Quero deixar claro que votaremos a favor desta lei sobre {a saúde|o clima|os transportes}.",
        ),
        (
            "As populações do interior merecem mais do que promessas e {eleições|comissões|declarações}.",
            "As populações do interior merecem mais do que promessas e {eleições|comissões|declarações}.",
        ),
        (
            "A crise {w:economic} atinge sobretudo as famílias {de:place}.",
            "A crise {w:economic} atinge sobretudo as famílias {de:place}.",
        ),
    ],
    "web": [
        (
            "Para {w:download} o {w:file} {PDF|ZIP|de instalação}, clique no botão e introduza a {w:password}.",
            "Para {w:download} o {w:file} {PDF|ZIP|de instalação}, clique no botão e digite a {w:password}.",
        ),
        (
            "Faça o {w:signup} gratuito e receba {as novidades|os descontos|a newsletter} no seu email.",
            "Faça seu {w:signup} grátis e receba {as novidades|os descontos|a newsletter} no seu e-mail.",
        ),
        (
            "O {w:user} pode alterar o brilho do {w:screen} nas definições do {telefone|computador|tablet}.",
            "O {w:user} pode alterar o brilho da {w:screen} nas configurações do {telefone|computador|tablet}.",
        ),
        (
            "Se o {w:mouse} não funcionar, desligue e volte a ligar o {computador|portátil}.",
            "Se o {w:mouse} não funcionar, desligue e ligue o {computador|notebook} de novo.",
        ),
        (
            "Receita fácil: bolo de {w:pineapple} com {chocolate|coco|canela} em {d}0 minutos.",
            "Receita fácil: bolo de {w:pineapple} com {chocolate|coco|canela} em {d}0 minutos.",
        ),
        (
            "Junte uma {w:cup} de {açúcar|farinha|leite} e mexa durante {d} minutos.",
            "Junte uma {w:cup} de {açúcar|farinha|leite} e mexa por {d} minutos.",
        ),
        (
            "Os {w:sneakers} estão com {n} por cento de desconto na nossa loja {de:place}.",
            "Os {w:sneakers} estão com {n} por cento de desconto na nossa loja {de:place}.",
        ),
        (
            "Hotel no centro {de:place}, a {d} minutos da praia, com {w:breakfast} incluído.",
            "Hotel no centro {de:place}, a {d} minutos da praia, com {w:breakfast} incluso.",
        ),
        (
            "Veja as {d} melhores dicas para poupar {energia|água|dinheiro} em casa.",
            "Veja as {d} melhores dicas para economizar {energia|água|dinheiro} em casa.",
        ),
        (
            "Este artigo explica em {d} passos como funciona {a inteligência artificial|a internet|um motor elétrico}.",
            "Este artigo explica em {d} passos como funciona {a inteligência artificial|a internet|um motor elétrico}.",
        ),
        (
            "O {w:program} de {w:sport} para crianças começa em {month}.",
            "O {w:program} de {w:sport} para crianças começa em {month}.",
        ),
        (
            "A {w:shopwindow} da loja foi renovada para {o Natal|a Páscoa|o verão}.",
            "A {w:shopwindow} da loja foi renovada para {o Natal|a Páscoa|o verão}.",
        ),
        (
            "Envios grátis em compras acima de {n} euros até {d} de {month}.",
            "Frete grátis em compras acima de {n} reais até {d} de {month}.",
        ),
        (
            "Veja as promoções desta semana e poupe até {n} por cento.",
            "Confira as promoções desta semana e economize até {n} por cento.",
        ),
        (
            "Compre já o seu bilhete para o concerto de {sábado|domingo|sexta-feira}.",
            "Compre já o seu ingresso para o show de {sábado|domingo|sexta-feira}.",
        ),
    ],
    "social": [
        (
            "Perdi o {w:bus} outra vez{, que seca|, farto disto|}",
            "Perdi o {w:bus} de novo{, que saco|, cansei|}",
        ),
        (
            "O meu {w:phone} ficou sem bateria {outra vez|às {h} da manhã|a meio do jogo}",
            "Meu {w:phone} ficou sem bateria {de novo|às {h} da manhã|no meio do jogo}",
        ),
        (
            "Tu vens ao jantar {logo|amanhã|no sábado}?",
            "Você vem no jantar {hoje|amanhã|no sábado}?",
        ),
        ("Isto está mesmo {w:cool}", "Isso tá muito {w:cool}"),
        (
            "Estou a {trabalhar|estudar|ler} desde as {h} da manhã",
            "Tô {trabalhando|estudando|lendo} desde as {h} da manhã",
        ),
        ("Alguém sabe o {w:contact} do {person}?", "Alguém sabe o {w:contact} do {person}?"),
        (
            "{w:breakfast} com {w:juice} de {laranja|maçã|manga}, bom dia",
            "{w:breakfast} com {w:juice} de {laranja|maçã|manga}, bom dia",
        ),
        ("Diz-me quando chegares {a:place}", "Me fala quando chegar {em:place}"),
        (
            "O {w:screen} do portátil partiu-se {outra vez|hoje|}, inacreditável",
            "A {w:screen} do notebook quebrou {de novo|hoje|}, inacreditável",
        ),
        (
            "Vou comer um {w:ice_cream} ao sol {em:place}",
            "Vou tomar um {w:ice_cream} no sol {em:place}",
        ),
        (
            "Bom fim de semana a todos {os amigos|vocês|}",
            "Bom fim de semana a todos {os amigos|vocês|}",
        ),
        (
            "Grande jogo do {club} {hoje|ontem|esta noite}",
            "Jogão do {club} {hoje|ontem|essa noite}",
        ),
        ("Que calor {em:place} hoje, {d}0 graus", "Que calor {em:place} hoje, {d}0 graus"),
        (
            "Saudades {de:place} {e do mar|e da família|}",
            "Saudades {de:place} {e do mar|e da família|}",
        ),
        ("Já viste o novo vídeo do {person}?", "Já viu o novo vídeo do {person}?"),
        (
            "Adoro o {w:baby} da minha {irmã|prima|vizinha}",
            "Amo o {w:baby} da minha {irmã|prima|vizinha}",
        ),
        (
            "O {w:train} {para:place} está parado há {d}0 minutos",
            "O {w:train} {pra:place} tá parado faz {d}0 minutos",
        ),
        (
            "Não acredito no que aconteceu {hoje|ontem|no trabalho}",
            "Não acredito no que aconteceu {hoje|ontem|no trabalho}",
        ),
        (
            "Obrigado a todos pelas mensagens de {parabéns|apoio|carinho}",
            "Obrigado a todos pelas mensagens de {parabéns|apoio|carinho}",
        ),
    ],
    "literature": [
        (
            "A {w:girl} olhava o rio {sem pressa|em silêncio|com saudade}.",
            "A {w:girl} olhava o rio {sem pressa|em silêncio|com saudade}.",
        ),
        (
            "O {w:kid} corria atrás do {w:train} até perder o fôlego.",
            "O {w:kid} corria atrás do {w:train} até perder o fôlego.",
        ),
        (
            "Chamava-se {person} e tinha medo {do escuro|do mar|dos cães}.",
            "Se chamava {person} e tinha medo {do escuro|do mar|dos cães}.",
        ),
        (
            "Naquela casa, todos estavam a {ler|esperar|rezar} em silêncio.",
            "Naquela casa, todos estavam {lendo|esperando|rezando} em silêncio.",
        ),
        (
            "Deu-lhe a carta e foi-se embora sem {uma palavra|olhar para trás|dizer adeus}.",
            "Lhe deu a carta e foi embora sem {uma palavra|olhar para trás|dizer adeus}.",
        ),
        (
            "A chuva caía sobre os telhados {da cidade|da aldeia|do porto} {naquela noite|havia dias|sem parar}.",
            "A chuva caía sobre os telhados {da cidade|da vila|do porto} {naquela noite|havia dias|sem parar}.",
        ),
        (
            "Vestiu o {w:suit} {escuro|cinzento|velho} para o funeral do pai.",
            "Vestiu o {w:suit} {escuro|cinza|velho} para o enterro do pai.",
        ),
        ("Tu nunca me disseste a verdade, pois não?", "Você nunca me disse a verdade, não é?"),
        (
            "Era uma noite fria de {inverno|outono|janeiro} e o vento {uivava|soprava|gemia}.",
            "Era uma noite fria de {inverno|outono|julho} e o vento {uivava|soprava|gemia}.",
        ),
        (
            "Abriu o {w:fridge} e não encontrou nada {para comer|além de pão|de jeito}.",
            "Abriu a {w:fridge} e não encontrou nada {para comer|além de pão|que prestasse}.",
        ),
        (
            "A {w:grandma} contava histórias {de:place} ao serão.",
            "A {w:grandma} contava histórias {de:place} de noite.",
        ),
        (
            "O comboio da noite levou-o para longe {de:place}.",
            "O trem da noite o levou para longe {de:place}.",
        ),
        (
            "Sentou-se à janela e ficou a ver {o mar|a rua|a chuva}.",
            "Sentou-se à janela e ficou vendo {o mar|a rua|a chuva}.",
        ),
        (
            "Ninguém sabia de onde vinha aquele {homem|velho|forasteiro}.",
            "Ninguém sabia de onde vinha aquele {homem|velho|forasteiro}.",
        ),
    ],
}

# Sentence openers, (pt-PT, pt-BR).
OPENERS = {
    "news": (
        ["", "", "", "Ontem, ", "Esta semana, ", "Nesta semana, ", "Segundo a agência, "],
        ["", "", "", "Ontem, ", "Nesta semana, ", "Segundo a agência, "],
    ),
    "legal": (
        ["", "", "Assim, ", "Por conseguinte, ", "Nestes termos, "],
        ["", "", "Assim, ", "Desse modo, ", "Nesses termos, "],
    ),
    "politics": (
        ["", "", "Sr. Presidente, ", "Senhoras e senhores deputados, "],
        ["", "", "Sr. Presidente, ", "Senhoras e senhores, "],
    ),
    "web": (["", "", "Novidade: ", "Dica: "], ["", "", "Novidade: ", "Dica: "]),
    "social": (["", "", "", "ok ", "epá, ", "olha, "], ["", "", "", "ok ", "gente, ", "cara, "]),
    "literature": (
        ["", "", "Naquele tempo, ", "De manhã, ", "Mais tarde, "],
        ["", "", "Naquele tempo, ", "De manhã, ", "Mais tarde, "],
    ),
}
SOCIAL_TAILS = ["", "", "", " haha", " :(", " !!", " #segunda", " #bomdia"]
PT_TAILS = [" bué", " lol", " pá"]
BR_TAILS = [" kkkk", " rs", " né", " mano"]


def entity(kind: str, side: int, rng: random.Random) -> str:
    """A place, person or club of the writer's country, or now and then of the other's."""
    own = side if rng.random() >= ABROAD else 1 - side
    pool = {"place": PLACES, "person": PEOPLE, "club": CLUBS}[kind][own]
    return rng.choices(pool, weights=FAME[: len(pool)])[0]


DAYS = [
    "ontem",
    "hoje",
    "na segunda-feira",
    "na terça-feira",
    "na quarta-feira",
    "na quinta-feira",
    "na sexta-feira",
]
MONTHS = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "novembro",
]
ARTICLED = {"Porto", "Funchal", "Rio de Janeiro", "Recife"}
"""Places named with the article: no Porto, do Rio de Janeiro."""
CONTRACTED = {
    "a": "ao",
    "em": "no",
    "Em": "No",
    "de": "do",
    "para": "para o",
    "pra": "pro",
    "por": "pelo",
}


def at(preposition: str, place: str) -> str:
    """`em Lisboa`, `no Porto`."""
    if place in ARTICLED:
        return f"{CONTRACTED[preposition]} {place}"
    return f"{preposition} {place}"


def fill(template: str, side: int, rng: random.Random) -> str:
    def slot(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("w:"):
            return WORDS[name[2:]][side]
        if "|" in name:
            return rng.choice(name.split("|"))
        if name in ("person", "club"):
            return entity(name, side, rng)
        if name.endswith(":place"):
            return at(name[: -len(":place")], entity("place", side, rng))
        if name == "surname":
            return rng.choice(SURNAMES)
        if name == "n":
            return str(rng.randint(2, 95))
        if name == "d":
            return str(rng.randint(2, 9))
        if name == "h":
            return str(rng.randint(6, 11))
        if name == "day":
            return rng.choice(DAYS)
        if name == "month":
            return rng.choice(MONTHS)
        if name == "y":
            return str(rng.randint(2019, 2024))
        raise KeyError(name)

    while "{" in template:  # inner slots first: "{outra vez|às {h} da manhã}"
        template = re.sub(r"\{([^{}]+)\}", slot, template)
    return template


def noisy(text: str, domain: str, side: int, rng: random.Random) -> str:
    """The raw form, as it came from the source: what the filter has to clean."""
    roll = rng.random()
    if domain == "social":
        if roll < 0.15:
            text = f"RT @{rng.choice(['ze_', 'rita', 'nuno', 'bia', 'gui', 'dani'])}{rng.randint(1, 99)}: {text}"
        elif roll < 0.3:
            text = f"@{rng.choice(['ze_', 'rita', 'nuno', 'bia'])}{rng.randint(1, 99)} {text}"
        if rng.random() < 0.12:
            text += (
                f" https://t.co/{''.join(rng.choice('abcdefghXYZ0123456789') for _ in range(8))}"
            )
        if rng.random() < 0.08:
            text += rng.choice([" 😂", " ❤️", " 🙄"])
    elif domain == "legal":
        if roll < 0.12:
            text = f"COD _ {rng.choice(['ACRD', 'SENT', 'DESP'])}{rng.randint(10, 99)} {text}"
        elif roll < 0.2:
            text = f"{rng.randint(1, 9)}. {text}"
    elif domain == "web":
        if roll < 0.25:
            text = f"<p>{text}</p>"
        elif roll < 0.32:
            text = f"{text} Saiba mais em www.{rng.choice(['exemplo', 'loja', 'receitas'])}.{'pt' if side == 0 else 'com.br'}"
    elif domain == "news" and roll < 0.05:
        text = text.rstrip(".") + "...."
    return text


def sentence(domain: str, side: int, rng: random.Random) -> str:
    pt, br = rng.choice(FRAMES[domain])
    text = fill(pt if side == 0 else br, side, rng)
    opener = rng.choice(OPENERS[domain][side])
    if opener and not text.startswith(tuple(PEOPLE[0] + PEOPLE[1] + PLACES[0] + PLACES[1])):
        text = text[0].lower() + text[1:]
    text = opener + text
    if domain == "social":
        if rng.random() < 0.25:
            text += rng.choice(PT_TAILS if side == 0 else BR_TAILS)
        text += rng.choice(SOCIAL_TAILS)
        if rng.random() < 0.5:
            text = text[0].lower() + text[1:]
    return noisy(text[0].upper() + text[1:], domain, side, rng)


def junk(domain: str, rng: random.Random) -> str:
    """Lines every crawl has: boilerplate, dashes, fragments."""
    return rng.choice(
        {
            "web": [
                "Aceitar cookies",
                "Todos os direitos reservados.",
                "<div>Menu</div>",
                "Política de privacidade",
            ],
            "legal": ["---- Sumário ----", "Texto integral", "Decisão:"],
            "news": ["Leia também", "Publicidade"],
            "politics": ["(Aplausos)", "(Risos)"],
            "social": ["bom dia", "😂😂😂", "RT @rita4:"],
            "literature": ["CAPÍTULO II", "FIM"],
        }[domain]
    )


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    for domain, sources in SOURCES.items():
        for source, variety, documents in sources:
            side = ("pt-PT", "pt-BR").index(variety)
            texts = []
            for _ in range(documents):
                roll = rng.random()
                if roll < 0.05:
                    texts.append(junk(domain, rng))
                elif roll < 0.08 and texts:
                    texts.append(rng.choice(texts))  # the same document twice
                else:
                    texts.append(sentence(domain, side, rng))
            rows += [
                {"domain": domain, "source": source, "variety": variety, "text": t} for t in texts
            ]
    return [{"id": f"d{i:05d}", **row} for i, row in enumerate(rows, start=1)]


def main() -> None:
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    print(f"{len(rows)} documents -> {OUT}")


if __name__ == "__main__":
    main()
