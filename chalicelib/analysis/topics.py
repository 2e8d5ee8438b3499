"""What the feedback is about: keyword topics, French and English, overridable per site.

Keywords are matched on folded tokens (accents and case ignored). A keyword
ending in "*" is a prefix ("rembours*" covers remboursement, remboursé,
rembourser); a keyword with spaces is a phrase; a plain keyword also matches its
plural. A site may pass its own taxonomy (topic key -> keywords); it replaces the
default one entirely, so that a site sees only the topics it chose, unless the
site keeps the defaults (`chalicelib.analysis.site_taxonomy`). "other" is reported only when the
text has words but no topic matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chalicelib.analysis.normalize import Token, fold, tokenize

DEFAULT_TAXONOMY: dict[str, tuple[str, ...]] = {
    "delivery": (
        "livraison*",
        "livrer",
        "livrée",
        "livrées",
        # "livrés" folds to "livres" (books): only in phrases that cannot be about books.
        "pas livrés",
        "jamais livrés",
        "non livrés",
        "été livrés",
        "livreur*",
        "pas été livré",
        "jamais livré",
        "colis",
        "expédi*",
        "expedi*",
        "envoi",
        "transporteur*",
        "chronopost",
        "colissimo",
        "la poste",
        "point relais",
        "relais",
        "suivi de commande",
        "numéro de suivi",
        "delivery",
        "deliveries",
        "deliver*",
        "shipping",
        "shipment*",
        "shipped",
        "ship",
        "package*",
        "parcel*",
        "courier*",
        "tracking",
        "tracking number",
        "dispatch*",
        "arrive*",
        "arrivé*",
        "ups",
        "fedex",
        "dhl",
        "usps",
        "en retard",
        "late delivery",
        "never arrived",
        "jamais arrivé",
        "jamais reçu",
        "never received",
        "carton",
        "emballage",
        "packaging",
        "postman",
        "facteur",
    ),
    "price": (
        "prix",
        "tarif*",
        "cher",
        "chère",
        "chers",
        "coût*",
        "cout*",
        "facture*",
        "factur*",
        "paiement*",
        "payé*",
        "payer",
        "prélèvement*",
        "prélevé*",
        "débit*",
        "abonnement*",
        "frais",
        "promo*",
        "réduction*",
        "remise",
        "euros",
        "€",
        "price*",
        "pricing",
        "cost*",
        "expensive",
        "cheap*",
        "overpriced",
        "bill",
        "billing",
        "billed",
        "invoice*",
        "charged",
        "overcharg*",
        "payment*",
        "paid",
        "pay",
        "fee",
        "fees",
        "subscription*",
        "discount*",
        "coupon*",
        "money",
        "argent",
        "dollars",
        "bucks",
        "$",
        "value for money",
        "rapport qualité prix",
        "hors de prix",
        "surfacturé*",
    ),
    "quality": (
        "qualité",
        "qualite",
        "quality",
        "cassé*",
        "casse",
        "abîmé*",
        "abime*",
        "défectueu*",
        "defectueu*",
        "défaut*",
        "defaut*",
        "panne*",
        "fonctionne*",
        "marche pas",
        "marche plus",
        "solide",
        "fragile",
        "matériau*",
        "matière",
        "finition*",
        "usé*",
        "broken",
        "broke",
        "breaks",
        "defect*",
        "faulty",
        "damaged",
        "flimsy",
        "sturdy",
        "durable",
        "cheaply made",
        "poor quality",
        "stopped working",
        "doesn't work",
        "does not work",
        "not working",
        "malfunction*",
        "material*",
        "build quality",
        "rayé*",
        "taché*",
        "fissur*",
        "scratch*",
        "crack*",
        "leak*",
        "fuit",
        "fuite*",
        "goût",
        "taste*",
    ),
    "support": (
        "service client*",
        "service après-vente",
        "sav",
        "conseiller*",
        "conseillère*",
        "hotline",
        "assistance",
        "support",
        "personnel",
        "vendeur*",
        "vendeuse*",
        "accueil",
        "injoignable*",
        "personne ne répond",
        "répond*",
        "réponse*",
        "joindre",
        "téléphone",
        "appel*",
        "appelé",
        "mail*",
        "e-mail*",
        "email*",
        "chat",
        "agent*",
        "staff",
        "employee*",
        "employé*",
        "customer service",
        "customer support",
        "service",
        "representative*",
        "rep",
        "reps",
        "helpdesk",
        "help desk",
        "call",
        "called",
        "calls",
        "phone",
        "on hold",
        "respond*",
        "response*",
        "reply",
        "replied",
        "answer*",
        "unreachable",
        "ticket*",
        "waiter*",
        "waitress*",
        "serveur*",
        "serveuse*",
        "manager*",
        "rude",
        "impoli*",
        "aimable*",
        "friendly",
        "helpful",
        "courtois*",
    ),
    "website": (
        "site",
        "site web",
        "site internet",
        "website",
        "web",
        "app",
        "application*",
        "appli",
        "page*",
        "bouton*",
        "button*",
        "connexion",
        "se connecter",
        "login",
        "log in",
        "sign in",
        "mot de passe",
        "password",
        "bug*",
        "bogue*",
        "beug*",
        "plante",
        "plantage",
        "crash*",
        "écran*",
        "screen*",
        "panier",
        "cart",
        "checkout",
        "navigation",
        "formulaire*",
        "form",
        "lien*",
        "link*",
        "ergonom*",
        "interface*",
        "mobile",
        "ios",
        "android",
        "appstore",
        "play store",
        "update",
        "mise à jour",
        "online",
        "en ligne",
        "slow to load",
        "loading",
        "chargement",
    ),
    "refund": (
        "rembours*",
        "retour*",
        "retourn*",
        "renvoy*",
        "échange*",
        "echange*",
        "rétractation",
        "refund*",
        "return",
        "returns",
        "returned",
        "returning",
        "money back",
        "send it back",
        "sent it back",
        "sending it back",
        "exchange*",
        "rma",
        "chargeback",
        "credit note",
        "store credit",
    ),
    "account": (
        "compte*",
        "abonnement*",
        "résili*",
        "resili*",
        "désabonn*",
        "desabonn*",
        "identifiant*",
        "profil*",
        "inscription*",
        "données personnelles",
        "rgpd",
        "account*",
        "subscription*",
        "unsubscribe*",
        "cancel*",
        "annul*",
        "membership",
        "profile*",
        "username",
        "sign up",
        "signup",
        "login",
        "log in",
        "password",
        "mot de passe",
        "gdpr",
        "my data",
        "mes données",
        "close my account",
        "fermer mon compte",
    ),
}


@dataclass(frozen=True, slots=True)
class CompiledTaxonomy:
    """Keyword tables for fast matching: exact words, prefixes, phrases indexed by first word."""

    exact: dict[str, tuple[str, str]]  # folded word -> (topic, keyword as written)
    prefixes: dict[str, tuple[str, str]]
    prefix_lengths: tuple[int, ...]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str, str], ...]]  # first word -> (tokens, topic, keyword)
    symbols: tuple[tuple[str, str], ...]  # ("€", topic): matched on the raw text
    order: tuple[str, ...]
    memo: dict[str, tuple[str, str] | None] = field(default_factory=dict)

    def word_hit(self, word: str) -> tuple[str, str] | None:
        """(topic, keyword) for one folded word, memoised."""
        memo = self.memo
        if word in memo:
            return memo[word]
        hit = self.exact.get(word)
        if hit is None:
            for length in self.prefix_lengths:
                if length > len(word):
                    break
                prefix_hit = self.prefixes.get(word[:length])
                if prefix_hit is not None:
                    hit = prefix_hit
                    break
        if len(memo) > 50_000:
            memo.clear()
        memo[word] = hit
        return hit


def _norm_keyword(keyword: str) -> tuple[str, ...]:
    return tuple(token.norm for token in tokenize(keyword) if token.kind == "word" or token.kind == "number")


def compile_taxonomy(taxonomy: Mapping[str, Any]) -> CompiledTaxonomy:
    """Compile a topic -> keywords mapping; tolerant of a single string or junk values from settings."""
    exact: dict[str, tuple[str, str]] = {}
    prefixes: dict[str, tuple[str, str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    symbols: list[tuple[str, str]] = []
    order: list[str] = []
    for topic, keywords in taxonomy.items():
        if not isinstance(topic, str) or not topic.strip():
            continue
        topic_key = topic.strip()
        order.append(topic_key)
        if isinstance(keywords, str):
            keywords = [keywords]
        if not isinstance(keywords, list | tuple | set | frozenset):
            continue
        for keyword in keywords:
            if not isinstance(keyword, str) or not keyword.strip():
                continue
            raw = keyword.strip()
            if raw in ("€", "$", "£"):
                symbols.append((raw, topic_key))
                continue
            is_prefix = raw.endswith("*")
            shown = raw.rstrip("*").strip()
            folded = _norm_keyword(shown)
            if not folded:
                continue
            if len(folded) > 1:
                phrases.setdefault(folded[0], []).append((folded, topic_key, shown))
            elif is_prefix:
                prefixes.setdefault(folded[0], (topic_key, shown + "*"))
            else:
                exact.setdefault(folded[0], (topic_key, shown))
                for plural in (folded[0] + "s", folded[0] + "x"):
                    exact.setdefault(plural, (topic_key, shown))
    lengths = tuple(sorted({len(p) for p in prefixes}))
    by_first = {first: tuple(sorted(items, key=lambda item: -len(item[0]))) for first, items in phrases.items()}
    return CompiledTaxonomy(exact, prefixes, lengths, by_first, tuple(symbols), tuple(order))


DEFAULT = compile_taxonomy(DEFAULT_TAXONOMY)
_cache: dict[tuple[Any, ...], CompiledTaxonomy] = {}


def _compiled(taxonomy: Mapping[str, Any] | None) -> CompiledTaxonomy:
    if not taxonomy:
        return DEFAULT
    try:
        key = tuple(sorted((str(k), repr(v)) for k, v in taxonomy.items()))
    except Exception:  # an unsortable or odd mapping still gets compiled, just not cached
        return compile_taxonomy(taxonomy)
    compiled = _cache.get(key)
    if compiled is None:
        if len(_cache) > 256:
            _cache.clear()
        compiled = _cache[key] = compile_taxonomy(taxonomy)
    return compiled


def match_compiled(
    compiled: CompiledTaxonomy, tokens: list[Token], text: str = "", positions: Iterable[int] | None = None
) -> list[tuple[str, str]]:
    """Every (topic, keyword shown) hit, the first one per topic, in text order.

    `positions` restricts the scan to the tokens that can start a hit (a
    `word_hit` or a first word of `phrases`); by default every token is looked at.
    """
    found: dict[str, str] = {}
    phrases = compiled.phrases
    word_hit = compiled.word_hit
    n = len(tokens)
    for i in range(n) if positions is None else positions:
        tok = tokens[i]
        kind = tok.kind
        if kind != "word" and kind != "number":
            continue
        word = tok.norm
        if word in phrases:
            for phrase, topic, keyword in phrases[word]:
                if topic not in found and _at(tokens, i, n, phrase):
                    found[topic] = keyword
                    break
        hit = word_hit(word)
        if hit is not None and hit[0] not in found:
            found[hit[0]] = tok.raw.lower() if hit[1].endswith("*") else hit[1]
    for symbol, topic in compiled.symbols:
        if topic not in found and symbol in text:
            found[topic] = symbol
    return list(found.items())


def _at(tokens: list[Token], i: int, n: int, phrase: tuple[str, ...]) -> bool:
    if i + len(phrase) > n:
        return False
    return all(tokens[i + k].norm == word for k, word in enumerate(phrase))


def find_topics(
    tokens: list[Token],
    text: str,
    taxonomy: Mapping[str, Any] | None = None,
    default_positions: Iterable[int] | None = None,
    has_words: bool | None = None,
) -> tuple[list[str], list[str]]:
    """(topic keys in taxonomy order, evidence like "topic:delivery:livraison").

    `default_positions`, when given, are the tokens that can start a hit of the
    default taxonomy (the analyzer finds them in its single pass); a site
    taxonomy always scans every token. `has_words` saves looking again whether
    the text has any word ("other" is only for texts with words).
    """
    compiled = _compiled(taxonomy)
    positions = default_positions if compiled is DEFAULT else None
    found = dict(match_compiled(compiled, tokens, text, positions))
    if not found:
        if has_words is None:
            has_words = any(tok.kind == "word" for tok in tokens)
        return (["other"] if has_words else []), []
    topics = [topic for topic in compiled.order if topic in found]
    return topics, [f"topic:{topic}:{found[topic]}" for topic in topics]


def fold_keyword(keyword: str) -> str:
    """Exposed for tests and tooling: the folded form a keyword is matched with."""
    return fold(keyword)
