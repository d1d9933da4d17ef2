"""The watch-list links a threat to the protected people and events it names."""

from __future__ import annotations

import pytest

from kizashi.detect import LexiconError, detect_rules, load_watchlist
from kizashi.detect.watchlist import parse_watchlist
from kizashi.text import views

BOTH = ("candidate-sakurai", "rally-otsuka-1101")


def test_shipped_example_entry() -> None:
    wl = load_watchlist()
    person = next(p for p in wl.people if p.id == "candidate-sakurai")
    event = next(e for e in wl.events if e.id == "rally-otsuka-1101")
    assert person.name == "桜井 みどり"
    assert (event.place, event.starts_at) == ("JR大塚駅南口広場", "2026-11-01T15:00:00+09:00")
    assert event.people == ("candidate-sakurai",)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("桜井を56す", ("candidate-sakurai",)),
        ("さくらいみどり", ("candidate-sakurai",)),
        ("サクライ", ("candidate-sakurai",)),
        ("Sakurai", ("candidate-sakurai",)),
        ("演説会場、大塚駅南口で", BOTH),
        ("11/1 大塚で", BOTH),
        ("大塚でラーメン", ()),
        ("日曜は晴れ", ()),
        ("さくらんぼ食べた", ()),
        ("桜の井戸", ()),
    ],
)
def test_named(text: str, named: tuple[str, ...]) -> None:
    assert load_watchlist().named(views(text)) == named


def test_threat_links_protected_ids_and_raises_the_score() -> None:
    linked = detect_rules("11/1 大塚で桜井を56す")
    plain = detect_rules("あいつを56す")
    assert linked.protected == BOTH
    assert plain.protected == ()
    assert linked.scores["threat"] > plain.scores["threat"] > 0


def test_naming_without_a_threat_is_not_protected() -> None:
    result = detect_rules("11/1に大塚駅南口で桜井みどりさんの街頭演説あるらしい。行ってみようかな")
    assert result.protected == () and result.category is None


def test_bad_watchlist_names_the_entry() -> None:
    with pytest.raises(LexiconError, match="event 'e1': needs 'place'"):
        parse_watchlist({"w.yaml": {"version": 1, "events": [{"id": "e1", "starts_at": "x"}]}})
    with pytest.raises(LexiconError, match="unknown people"):
        parse_watchlist(
            {
                "w.yaml": {
                    "version": 1,
                    "events": [{"id": "e1", "place": "p", "starts_at": "t", "people": ["ghost"]}],
                }
            }
        )


def test_a_watch_list_id_reads_as_a_name_or_a_place_and_time() -> None:
    from kizashi.detect import protected_labels

    labels = protected_labels()
    assert labels["candidate-sakurai"] == "桜井 みどり"
    assert labels["rally-otsuka-1101"] == "JR大塚駅南口広場 2026-11-01 15:00"
    assert set(labels) == {p.id for p in load_watchlist().people} | {
        e.id for e in load_watchlist().events
    }
