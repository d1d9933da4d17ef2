"""A product's text shows each variant slot as its first wording, every wording in the title,
and escapes everything else (an author's text is never markup on the page)."""

from __future__ import annotations

from kizashi.web.variant_slots import shown_with_slots, slot_wordings


def test_each_kind_of_slot_shows_what_a_reader_reads() -> None:
    assert slot_wordings("兆候|様子") == ("兆候", ["兆候", "様子"])
    assert slot_wordings("decoy:2台|3台|4台") == ("2台", ["2台", "3台", "4台"])
    assert slot_wordings("time:06:00") == ("06:00", ["06:00"])


def test_slots_become_marked_wording_and_the_rest_is_escaped() -> None:
    shown = str(shown_with_slots("<b>{{兆候|様子}}</b>に{{decoy:2台|3台}}", "変わる語句"))
    assert shown == (
        '&lt;b&gt;<span class="variant-slot" title="変わる語句: 兆候 / 様子">兆候</span>&lt;/b&gt;'
        'に<span class="variant-slot" title="変わる語句: 2台 / 3台">2台</span>'
    )


def test_a_wording_with_markup_is_escaped_inside_the_slot_too() -> None:
    shown = str(shown_with_slots('{{<i>a</i>|"b"}}', "x"))
    assert "<i>" not in shown and "&lt;i&gt;a&lt;/i&gt;" in shown and "&#34;b&#34;" in shown
