"""The emotion lexicon: words → a suggested score −2…+2, Russian and English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm.lexicon import ENTRIES, Suggestion, round_toward_stronger, suggest, word_score
from cjm.mapfile import read_map
from cjm.templates import list_templates


def score(words: str) -> int | None:
    found = suggest(words)
    return None if found is None else found.score


@pytest.mark.parametrize(
    ("words", "expected", "matched"),
    [
        # the SaaS demo from the seed (the person's scores: −1, −2, +1, +2)
        ("Растерянность, Недоверие", -1, ("Растерянность", "Недоверие")),
        ("Раздражение, Критическая Боль", -2, ("Раздражение", "Критическая Боль")),
        ("Ожидание, Небольшое волнение", 1, ("Ожидание", "Небольшое волнение")),
        ("Усталость, Удовлетворение", 0, ("Усталость", "Удовлетворение")),  # mixed: the person said 🤩
    ],
)
def test_seed_words(words, expected, matched):
    assert suggest(words) == Suggestion(expected, matched, suggest(words).mean)


@pytest.mark.parametrize("word", ["раздражение", "Раздражение", "РАЗДРАЖЕНИЕ", "раздражён", "раздражен",
                                  "раздражена", "раздражает", "раздражительность"])
def test_russian_inflections(word):
    assert score(word) == -1


@pytest.mark.parametrize(
    ("word", "expected"),
    [("frustrated", -2), ("frustration", -2), ("confused", -1), ("confusing", -1), ("angry", -2),
     ("delighted", 2), ("happy", 1), ("anxious", -1), ("bored", -1), ("relieved", 1), ("relief", 1),
     ("irritated", -1), ("Satisfied", 1), ("furious", -2), ("neutral", 0),
     ("растерянность", -1), ("растерян", -1), ("недоверие", -1), ("доверие", 1), ("удовлетворение", 1),
     ("усталость", -1), ("устал", -1), ("ожидание", 1), ("волнение", 0), ("восторг", 2), ("в восторге", 2),
     ("злость", -2), ("тревога", -1), ("спокойствие", 1), ("недоволен", -1), ("довольна", 1)],
)
def test_common_words(word, expected):
    assert score(word) == expected


def test_longest_stem_wins():
    assert word_score("недоверие") == -1 and word_score("доверие") == 1
    assert word_score("hopeless") == -2 and word_score("hopeful") == 1


@pytest.mark.parametrize(
    ("words", "expected"),
    [("не доволен", -1), ("Не довольна", -1), ("not happy", -1), ("not bad", 1), ("I don't trust them", -1),
     ("not very happy", -1), ("не очень доволен", -1), ("not angry", 1), ("нет восторга", -1),
     ("not neutral", 0)],
)
def test_negation(words, expected):
    assert score(words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [("очень доволен", 2), ("very happy", 2), ("сильное раздражение", -2), ("very angry", -2),
     ("slightly annoyed", -1), ("Neutral, mild interest", 0), ("лёгкое раздражение, безразличие", 0)],
)
def test_intensifiers_and_softeners(words, expected):
    assert score(words) == expected


def test_several_words_mean_rounded_toward_the_stronger_feeling():
    assert suggest("frustrated, confused").mean == -1.5 and score("frustrated, confused") == -2
    assert score("happy, neutral") == 1  # 0.5 → 1
    assert score("angry, happy") == -1  # −0.5 → −1
    assert score("angry, happy, happy, neutral") == 0  # 0
    assert score("annoyed, neutral, neutral") == 0  # −0.33 → 0
    assert [round_toward_stronger(v) for v in (-1.5, -0.5, 0.5, 1.5, 0.49, -0.25, 0, 2)] == [-2, -1, 1, 2, 0, 0, 0, 2]


def test_phrases_break_at_punctuation_and_but():
    assert score("not bored, happy") == 1  # the negation stays in its phrase: +1 and +1
    assert score("not sure, but happy") == 1
    assert suggest("Temptation, but a suspicion that prices are inflated").words == ("Temptation", "suspicion")


@pytest.mark.parametrize("words", ["", "   ", "hmm", "12345", "a, b, c", "конфликт интересов", "потерянных сделок"])
def test_nothing_known_is_no_suggestion(words):
    assert suggest(words) is None


def test_words_that_are_not_feelings():
    assert score("довольно сложно") == -1  # "rather hard", not "content"
    assert score("страхование") is None  # insurance, not fear


def test_entries_are_sane():
    assert len([k for k in ENTRIES if k.isascii()]) >= 40 and len([k for k in ENTRIES if not k.isascii()]) >= 40
    for entry, value in ENTRIES.items():
        assert -2 <= value <= 2, entry
        assert entry == entry.lower() and "ё" not in entry and " " not in entry, entry


def test_suggestions_are_cached():
    suggest.cache_clear()
    suggest("frustrated, confused")
    suggest("frustrated, confused")
    assert suggest.cache_info().hits == 1


def test_templates_words_mostly_agree_with_the_people():
    """Every filled template's emotion words give a suggestion; most equal the person's score."""
    pairs = []
    for template in list_templates():
        for stage in read_map(template.path).stages:
            cell = stage.values.get("emotion")
            if cell and cell["words"]:
                pairs.append((cell["score"], score(cell["words"]), cell["words"]))
    assert pairs and all(suggested is not None for _, suggested, _ in pairs)
    assert all(abs(person - suggested) <= 2 for person, suggested, _ in pairs)
    exact = sum(person == suggested for person, suggested, _ in pairs)
    near = sum(abs(person - suggested) <= 1 for person, suggested, _ in pairs)
    assert exact / len(pairs) >= 0.7 and near / len(pairs) >= 0.95


@given(st.text(max_size=200))
def test_any_text_gives_nothing_or_a_score_on_the_scale(text):
    found = suggest(text)
    assert found is None or (-2 <= found.score <= 2 and found.words and -2 <= found.mean <= 2)
