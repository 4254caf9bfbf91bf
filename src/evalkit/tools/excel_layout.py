"""The layout of the Excel workbook: sheets, columns, key rows and their explanations."""

from __future__ import annotations

import re

from evalkit.data import schema

# Sheets holding one table each: sheet name -> schema kind (= file in the jaarplan folder).
TABLE_SHEETS = {
    "themas": "themas.csv",
    "doelen": "doelen.csv",
    "activiteiten": "activiteiten.csv",
    "indicatoren": "indicatoren.csv",
    "indicatorwaarden": "indicatorwaarden.csv",
    "langetermijndoelen": "langetermijndoelen.csv",
    "begroting": "begroting.csv",
}
# Realisation sheets: one table for all rounds, with an extra first column `ronde`.
REALISATION_SHEETS = {
    "realisatie_doelen": "realisatie/doelen.csv",
    "realisatie_activiteiten": "realisatie/activiteiten.csv",
    "realisatie_indicatoren": "realisatie/indicatoren.csv",
    "realisatie_begroting": "realisatie/begroting.csv",
}
RONDE_COLUMNS = (
    schema.Column("id", "id", True),
    schema.Column("naam", verplicht=True),
    schema.Column("peildatum", "datum", True),
    schema.Column("voorbeelddata", "waarheid", True),
    schema.Column("toelichting"),
)
RONDE_COLUMN = schema.Column("ronde", "id", True)
# Id columns that refer to the id column (A) of another sheet: (file, column) -> sheet.
# activiteiten.doelen holds a list of ids and gets no drop-down.
REFERENCES = {
    ("doelen.csv", "thema"): "themas",
    ("activiteiten.csv", "thema"): "themas",
    ("indicatoren.csv", "doel"): "doelen",
    ("indicatoren.csv", "deel_van"): "indicatoren",
    ("indicatorwaarden.csv", "indicator"): "indicatoren",
    ("langetermijndoelen.csv", "thema"): "themas",
    ("realisatie/doelen.csv", "ronde"): "ronde",
    ("realisatie/doelen.csv", "doel"): "doelen",
    ("realisatie/activiteiten.csv", "ronde"): "ronde",
    ("realisatie/activiteiten.csv", "activiteit"): "activiteiten",
    ("realisatie/indicatoren.csv", "ronde"): "ronde",
    ("realisatie/indicatoren.csv", "indicator"): "indicatoren",
    ("realisatie/begroting.csv", "ronde"): "ronde",
    ("realisatie/begroting.csv", "begrotingsonderdeel"): "begroting",
}
REQUIRED_SHEETS = ("jaarplan", "themas", "doelen", "activiteiten", "indicatoren")
SHEETS = ("jaarplan", *TABLE_SHEETS, "ronde", *REALISATION_SHEETS, "uitleg")
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb")
# Error values as stored in the file (Dutch Excel shows #DEEL/0! but stores #DIV/0!).
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                "#GETTING_DATA", "#SPILL!", "#CALC!"}  # fmt: skip

# Rows of the key/value sheet `jaarplan`; `[#]` is a list index (bron[1].bestand, bron[2]...).
JAARPLAN_ROWS = (
    ("id", "id van het jaarplan en naam van de map: kleine letters, cijfers en '-'"),
    ("naam", "titel van het jaarplan, gebruikt in het verslag"),
    ("organisatie", "naam van het samenwerkingsverband"),
    ("sector", "PO, VO of PO+VO"),
    ("periode.start", "eerste dag van de planperiode"),
    ("periode.eind", "laatste dag van de planperiode"),
    ("bron[#].bestand", "brondocument (bestand), minstens één; meer bronnen: bron[2].bestand enz."),
    ("bron[#].titel", "titel van het brondocument"),
    ("normen.doelen_behaald", "norm: aandeel behaalde doelen (standaard 75%)"),
    ("normen.projecten_binnen_uren", "norm: aandeel projecten binnen de uren (standaard 75%)"),
    ("normen.deels_behaald_telt", "gewicht van 'deels behaald': 0, 0,5 of 1 (standaard 0)"),
    ("normen.bron", "waar de normen vandaan komen (optioneel)"),
    ("normen.bronnen.doelen_behaald", "bron van de doelennorm; leeg = standaardnorm"),
    ("normen.bronnen.projecten_binnen_uren", "bron van de urennorm; leeg = standaardnorm"),
    ("normen.bronnen.deels_behaald_telt", "bron van het gewicht; leeg = standaardgewicht"),
    (
        "normen.oordeel_op_richting",
        "ja = een doel zonder streefwaarde wordt beoordeeld op de richting van de verandering "
        "sinds de nulmeting; leeg of nee = zo'n doel blijft 'nog niet te beoordelen' (standaard)",
    ),
    ("normen.toelichting", "toelichting op de normen (optioneel)"),
    ("normen.extra[#].id", "extra verhoudingsnorm (optioneel): id; meer: normen.extra[2].id"),
    ("normen.extra[#].naam", "naam van de extra norm"),
    ("normen.extra[#].teller", "id van de indicator in de teller"),
    ("normen.extra[#].noemer", "id van de indicator in de noemer"),
    ("normen.extra[#].minimum", "minimale verhouding teller/noemer, bijv. 5%"),
    ("normen.extra[#].bron", "bronverwijzing van de extra norm"),
    ("normen.extra[#].noemer_meting", "huidig (standaard) of vorige: welke waarde de noemer is"),
    ("rondes[#].id", "evaluatieronde die het plan voorschrijft (id); meer: rondes[2].id"),
    ("rondes[#].naam", "naam van die evaluatieronde"),
    ("toelichting", "vrije toelichting (optioneel)"),
)
# Keys that must have a value (`bron`: at least the first source, bron[1].bestand).
REQUIRED_KEYS = ("id", "naam", "organisatie", "sector", "periode.start", "periode.eind",
                 "bron[#].bestand")  # fmt: skip
_KEY_KIND = {
    "periode.start": "datum",
    "periode.eind": "datum",
    "normen.doelen_behaald": "aandeel",
    "normen.projecten_binnen_uren": "aandeel",
    "normen.deels_behaald_telt": "aandeel",
    "normen.extra[#].minimum": "aandeel",
    "normen.oordeel_op_richting": "waarheid",
}
KEY_PATTERN = re.compile(r"^[A-Za-z_]\w*(\[[1-9]\d*\])?(\.[A-Za-z_]\w*(\[[1-9]\d*\])?)*$")

# What each sheet holds (Dutch, on the sheet `uitleg` above the explanation of its columns).
SHEET_EXPLANATION = {
    "jaarplan": "de gegevens van het jaarplan zelf: naam, organisatie, periode, brondocumenten, "
    "normen en evaluatierondes; één gegeven per regel (sleutel en waarde)",
    "themas": "de thema's (speerpunten) van het jaarplan; één regel per thema",
    "doelen": "de doelen van het jaarplan; één regel per doel",
    "activiteiten": "de activiteiten en projecten van het jaarplan; één regel per activiteit",
    "indicatoren": "wat er gemeten wordt om de doelen te volgen; één regel per indicator",
    "indicatorwaarden": "meetwaarden van indicatoren die al in het jaarplan staan (bijv. de "
    "stand van vorige jaren); één regel per meting. Mag leeg blijven",
    "langetermijndoelen": "de doelen voor de lange termijn (bijv. 'Wat willen we bereiken in "
    "2027?'); één regel per langetermijndoel. De doelen verwijzen ernaar met hun kolom "
    "langetermijndoel. Mag leeg blijven",
    "begroting": "de begroting van het jaarplan: één regel per begrotingsonderdeel, met het "
    "begrote bedrag. De activiteiten verwijzen ernaar met hun kolom begrotingsonderdeel. Mag "
    "leeg blijven",
    "ronde": "de evaluatierondes (bijv. M4, M8, M12 of oktober-2024); één regel per ronde. "
    "Nodig zodra u een realisatieblad invult",
    "realisatie_doelen": "wat er per ronde van elk doel is bereikt: gemeten waarde, datum "
    "gereed of status; één regel per doel per ronde",
    "realisatie_activiteiten": "wat er per ronde aan elke activiteit is besteed (euro en uren) "
    "en hoe ver ze is; één regel per activiteit per ronde",
    "realisatie_indicatoren": "meetwaarden van de indicatoren per ronde; één regel per meting. "
    "Mag leeg blijven",
    "realisatie_begroting": "wat er per ronde aan elk begrotingsonderdeel is besteed; één regel "
    "per onderdeel per ronde. Mag leeg blijven",
    "uitleg": "dit blad: uitleg bij alle bladen en kolommen. Het wordt bij het inlezen "
    "overgeslagen",
}

# What each column means (Dutch, shown as a note on the header cell and on the sheet `uitleg`).
EXPLANATION = {
    "themas.csv": {
        "id": "unieke code van het thema, bijv. T1",
        "naam": "naam van het thema of speerpunt",
        "langetermijndoel": "het doel op lange termijn (bijv. 2027) van dit thema",
        "gemeenschappelijk_thema": "indeling in de gemeenschappelijke thema's (voor vergelijking)",
        "bron": "bronverwijzing: <bronbestand> r. <regels> en/of een paragraaftitel",
    },
    "doelen.csv": {
        "id": "unieke code van het doel, bijv. D01",
        "thema": "id van het thema (blad themas)",
        "tekst": "het doel zoals het in het jaarplan staat",
        "indicator": "hoe het gemeten wordt ('Hoe meten we dit?')",
        "eenheid": "eenheid van de indicator: leerlingen, %, dagen, aanvragen, ...",
        "nulmeting": "beginwaarde",
        "streefwaarde": "doelwaarde",
        "richting": "hoger (waarde >= streefwaarde), lager (<=) of gelijk; verplicht bij numeriek",
        "deadline": "datum waarop het doel gehaald moet zijn",
        "soort": "numeriek (waarde tegen streefwaarde), mijlpaal (gereed voor deadline) of "
        "kwalitatief (status met de hand)",
        "eigenaar": "wie eigenaar is van het doel",
        "langetermijndoel": "id van het langetermijndoel waar dit doel aan bijdraagt (blad "
        "langetermijndoelen); is dat blad leeg, dan vrije tekst",
        "bron": "bronverwijzing",
    },
    "activiteiten.csv": {
        "id": "unieke code van de activiteit, bijv. A01",
        "thema": "id van het thema (blad themas)",
        "doelen": "ids van de doelen, gescheiden door komma's: D01, D02",
        "omschrijving": "wat er gedaan wordt ('Wat/hoe')",
        "wie": "wie het doet",
        "wanneer": "planning zoals geschreven: 2023, Q1-Q2, 1-1-2023 tot 1-4-2023",
        "budget": "budget in euro; leeg = geen eigen budget",
        "begrotingsonderdeel": "onderdeel van de begroting waar de activiteit onder valt; is "
        "het blad begroting ingevuld, dan een of meer namen van dat blad, gescheiden door "
        "komma's",
        "uren": "toegekende uren",
        "project": "ja als dit een project is dat aan de toegekende uren wordt gemeten",
        "bron": "bronverwijzing",
    },
    "indicatoren.csv": {
        "id": "code van de indicator, bijv. leerlingen_gespecialiseerd",
        "naam": "naam van de indicator",
        "eenheid": "eenheid; 'leerlingen' = aantal leerlingen (onder 5 niet gepubliceerd)",
        "doel": "id van het doel dat deze indicator meet",
        "nulmeting": "beginwaarde",
        "streefwaarde": "doelwaarde",
        "richting": "hoger, lager of gelijk",
        "cumulatief": "ja = elke waarde telt op vanaf het begin van de periode",
        "periode_start": "begin van de cumulatieve periode, bijv. 1-1-2023 (elk jaar opnieuw)",
        "deel_van": "id van de indicator waarvan deze een deel is (bijv. SBO van S(B)O)",
        "bron": "bronverwijzing",
    },
    "indicatorwaarden.csv": {
        "indicator": "id van de indicator (blad indicatoren)",
        "peildatum": "datum van de meting",
        "waarde": "gemeten waarde",
        "bron": "bronverwijzing",
    },
    "langetermijndoelen.csv": {
        "id": "unieke code van het langetermijndoel, bijv. L01",
        "thema": "id van het thema (blad themas)",
        "tekst": "het langetermijndoel zoals het in het jaarplan staat",
        "horizon": "wanneer het bereikt moet zijn, zoals in het plan: 2027, over 20 jaar",
        "normen": "normen van het jaarplan waarmee dit langetermijndoel gemeten wordt: "
        "doelen_behaald (aandeel behaalde doelen) en/of projecten_binnen_uren (aandeel "
        "projecten binnen de uren); leeg = geen",
        "bron": "bronverwijzing",
    },
    "begroting.csv": {
        "begrotingsonderdeel": "naam van het onderdeel van de begroting, zoals in het plan; "
        "elke naam één keer en zonder komma's (die scheiden onderdelen op het blad "
        "activiteiten)",
        "bedrag": "begroot bedrag in euro; leeg = het plan noemt geen bedrag (evalkit telt dan "
        "de budgetten op van de activiteiten die alleen onder dit onderdeel vallen)",
        "bron": "bronverwijzing",
    },
    "realisatie/doelen.csv": {
        "doel": "id van het doel",
        "waarde": "gemeten waarde (numeriek doel)",
        "datum_gereed": "datum waarop het gereed was (mijlpaal)",
        "status": "status met de hand",
        "toelichting": "toelichting",
    },
    "realisatie/activiteiten.csv": {
        "activiteit": "id van de activiteit",
        "besteed": "tot nu toe besteed, in euro",
        "uren_besteed": "bestede uren",
        "status": "stand van de activiteit",
        "toelichting": "toelichting",
    },
    "realisatie/indicatoren.csv": {
        "indicator": "id van de indicator",
        "peildatum": "datum van de meting",
        "waarde": "gemeten waarde",
        "toelichting": "toelichting",
    },
    "realisatie/begroting.csv": {
        "begrotingsonderdeel": "naam van het onderdeel, zoals op het blad begroting",
        "besteed": "tot de peildatum van de ronde besteed aan dit onderdeel, in euro; leeg = "
        "evalkit telt de bestedingen op van de activiteiten die alleen onder dit onderdeel vallen",
        "toelichting": "toelichting op de besteding van dit onderdeel",
    },
    "ronde": {
        "id": "id van de ronde en naam van de map, bijv. M12 of oktober-2024",
        "naam": "naam van de ronde, bijv. Voortgangsrapportage M12",
        "peildatum": "datum waarop de realisatie is gemeten",
        "voorbeelddata": "ja = verzonnen voorbeeldrealisatie (staat op elk verslag), "
        "nee = echte realisatie",
        "toelichting": "toelichting op de ronde",
    },
    "ronde_kolom": "id van de ronde (blad ronde)",
}
VALUE_FORMS = {
    "id": "letters, cijfers, '-', '_' of '.' zonder spaties",
    "tekst": "vrije tekst",
    "getal": "12, 1.234, 1.234,5, 3,64 of een getalcel",
    "bedrag": "€ 200.000, €20.000,-, 48.333, 1.234,56 of een getalcel",
    "datum": "1-10-2023, 2023-10-01, 1 oktober 2023 of een datumcel",
    "lijst": "ids gescheiden door komma's: D01, D02",
    "janee": "ja of nee (leeg = nee)",
    "waarheid": "ja of nee",
    "aandeel": "75%, 0,75 of een percentagecel",
}


def key_pattern(sleutel: str) -> str:
    """The row pattern of a key on the sheet `jaarplan`: bron[2].titel -> bron[#].titel."""
    return re.sub(r"\[\d+\]", "[#]", sleutel)


def key_kind(sleutel: str) -> str:
    """The kind of value of a key on the sheet `jaarplan` (datum, aandeel, waarheid or tekst)."""
    return _KEY_KIND.get(key_pattern(sleutel), "tekst")


def key_required(sleutel: str) -> bool:
    """Whether a key of the sheet `jaarplan` must have a value (of a list: the first item)."""
    return sleutel.replace("[1]", "[#]") in REQUIRED_KEYS
