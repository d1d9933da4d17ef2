"""Lone names and card numbers (seventh round). :mod:`kizashi.share.pii` calls :func:`lone`
and :func:`parts_again`.

A surname or given name standing alone is a name where the note says whose role it is (担任
司馬, 従業者 未來, 送り主は阿曽（…）, 同級生 染地に), where a household word follows (向かいの
山崎の息子, 山崎の婆さん), where a kinship word stands before a given name in hiragana (父
きのえの, 妻のちやこさん), where it is quoted as what someone is called (「其水」と呼ばれてた),
and where the text already named the person in full (二科です、二科秀和: the surname found
in the full name is taken where it stands alone). A card number is a number of 14 to 19
digits, written whole or in groups, that passes the Luhn check, or any number after a
card's or a customer's label (card ending M6943071, customer no. M3247860).

Ninth round: staff and hosts named by a role before or after the name (スタッフ 浜玉, 〇〇
オーナー, 〇〇店長), a Latin given name after someone near (友達のNikolaって), a household
or a house by its surname (〇〇家, 〇〇宅, 〇〇邸), household members listed with an age or a
school year (長女 百三（小3）), a katakana word unknown to the dictionary before a person's
belongings (ノセガワの車), the name on a door quoted (インターホンは「室伏」)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kizashi.share.pii_base import tables
from kizashi.share.pii_context import KANJI, STOP_KANJI, STOP_KATA
from kizashi.text import Mapped, tokenize, word_pos

Span4 = tuple[int, int, str, str]
Span3 = tuple[int, int, str]

_K = f"[{KANJI}]"
# the roles a note or a form gives a person, right before the name
_ROLE = (
    "担任|副担任|従業者|受付者?|記入者|記載者|作成者|受領印|受領者|担当者?|送り主|差出人|"
    "依頼主|届け先|お届け先|同級生|同僚|店長|社長|雇用主|大家|管理人|立会人|保証人|身元保証人|"
    "連帯保証人|通報者|申出人|発見者|運転者|同居人|先方|振込先|振込人|会員氏名|利用者|名義|"
    # staff and hosts named by their role (スタッフ 浜玉が対応, オーナー 唐牛に確認, 家主 …)
    "スタッフ|オーナー|家主|店主|ホストファミリー|"
    # eleventh round: the offices of a group, a team, a firm or a court, written before the
    # holder's name with no honorific (班長 鴨宮 より, 団員 仙波、…, 監督 唐牛 より, 書記官 …)
    "班長|組長|団長|副団長|分団長|団員|部員|会員|隊員|隊長|委員|委員長|会長|副会長|会計|書記|"
    "幹事|世話人|監督|コーチ|主将|通訳人?|書記官|裁判所書記官|警備員|乗務員|運転手|担当医|"
    "主治医|執刀医|看護師|助手|引率|顧問"
)
# the given name may follow the surname (依頼主 石曽根ツギ子, 振込先 厳木 やよ子 名義口座)
# (never an honorific read as a kana given name: 入居者 根羽幻花さん（…）)
_GIVEN_AFTER = rf"(?:[ \u3000]?(?:{_K}{{1,3}}|[ァ-ヶー]{{2,4}}子?|(?!さん|さま|ちゃん|くん)[ぁ-ゖ]{{2,4}}子?))?"
# twelfth round: フロント (a hotel's or a gym's front desk, フロント 上里 が保管) and 査定 (an
# insurer's assessor, 担当 井尻→査定 天田へ) — both from the spent AA–AB's listed misses
_ROLE += "|フロント|査定"
# a role a prefix makes a kind of (新入会員 櫻田、…, 新任コーチ, 前会長 …): the prefix and the role
# are one word to the reader, so the lookbehind is before the prefix
_ROLE_PREFIX = "(?:新入|新任|前|元|現|正|準|賛助|名誉)?"
_ROLE_NAME = re.compile(
    rf"(?<![{KANJI}]){_ROLE_PREFIX}(?:{_ROLE})(?P<gap>[ \u3000:：]+|は|の|)"
    rf"(?P<v>{_K}{{2,4}}{_GIVEN_AFTER})"
    # a closing bracket ends the name too (（通訳人 名護屋）: the role and its holder in brackets)
    r"(?P<end>[ \u3000\n（(）)、。,・→]|に|が|は|と|の|から|より|へ|さん|様|氏|$)"
)
# any office word before a name, a space or a colon between (理事長 唐牛, 検察官 仙波, 受付係：
# 賀来, 配達担当 鴨宮): a noun ending in an office's suffix. Each family's author writes
# roles no list holds (the eleventh round's list missed フロント and 査定 on AA–AB), so the
# suffix stands for the list; stricter than a listed role (no place, no ordinary word, no
# は or の between), and the office word must be a common noun to the dictionary, no name
_OFFICE = (
    rf"{_K}{{1,5}}(?:長|官|員|師|士|係|者|人|医|手|役|担当|主任|理事|監事|幹事|判事|検事|刑事)"
)
_OFFICE_NAME = re.compile(
    rf"(?<![{KANJI}])(?P<role>{_OFFICE})[ \u3000:：]+(?P<v>{_K}{{2,4}}{_GIVEN_AFTER})"
    r"(?=[ \u3000\n（(）)、。,・→]|に|が|は|と|の|から|より|へ|さん|様|氏|$)"
)
# a given name in kana, or a foreign name in katakana, after a role and a space or a colon
# (書記 つねひと, 裁判所書記官 キアラ, 受付：こうよう) and, after は, a listed given name's
# reading only (受付はこうようが): the role says a person holds it
_ROLE_KANA = re.compile(
    rf"(?<![{KANJI}]){_ROLE_PREFIX}(?:{_ROLE})(?P<gap>[ \u3000:：]+|は|の(?=[ァ-ヶ]))"
    r"(?P<v>[ぁ-ゖ]{2,6}|[ァ-ヶ][ァ-ヶー]{1,7})"
    r"(?=[ \u3000\n（(）)、。,・]|が|に|と|から|より|へ|$)"
)
# the rest of a list the role opens (団員 仙波（…）、賀来、家内 / 監督 唐牛、コーチ 二科): each
# next word after 、 or ・ (past a bracket after the name) is one of the same list
_LIST_NEXT = re.compile(
    rf"(?:[（(][^）)\n]{{0,40}}[）)])?[ \u3000]?[、,・][ \u3000]?"
    # a foreign member in katakana, its parts spaced or joined (新入会員 櫻田、カミラ ソト)
    rf"(?P<v>[ァ-ヶー]{{2,8}}[ \u3000=＝][ァ-ヶー]{{2,10}}(?=[\n、。,（(]|$)|"
    rf"{_K}{{2,4}}|[ァ-ヶー]{{2,8}}|[ぁ-ゖ]{{2,5}})"
    r"(?=[ \u3000\n（(、。,・]|が|は|に|と|の|から|より|$)"
)
# a household's word after the name: 山崎の息子, 山崎の婆さん, 山崎さんとこの奥さん
_FAMILY = (
    "息子|娘|奥さん|奥様|旦那|嫁|婆さん|爺さん|お婆ちゃん|お婆さん|お爺ちゃん|お爺さん|ばあさん|"
    "じいさん|親父|お袋|兄貴|姉貴|倅|せがれ|孫"
)
_FAMILY_NAME = re.compile(
    rf"(?<![{KANJI}])(?P<v>{_K}{{2,4}})(?:の|んとこの|ん家の|家の)(?:{_FAMILY})"
)
# a given name in hiragana after a kinship word: 父きのえの工具, 妻のちやこさん, 長男きみ江も
_KIN = "長男|長女|次男|次女|三男|三女|祖父|祖母|息子|娘|妻|夫|父|母|兄|姉|弟|妹|孫"
_KIN_KANA = re.compile(
    rf"(?<![お{KANJI}])(?:{_KIN})(?:の|[ \u3000])?"
    r"(?!さん|さま|ちゃん|くん|たち|がい|から|まで|より|には|とは|では|です|でも)"
    rf"(?P<v>[ぁ-ゖ]{{2,4}}(?:子|江|代|美|枝|恵|乃)?|[ァ-ヶ]{{1,3}}子)"
    r"(?=さん|ちゃん|くん|[（(、。 \u3000]|の|も|が|は|と|$)"
)
# a household's members listed with a kinship word and an age or a school year in brackets
# (長女 百三（小3）, 妻 フン（34）): the listing says it is a person, whatever the word is to
# the dictionary (百三 a number, フン a word)
_KIN_LISTED = re.compile(
    rf"(?<![{KANJI}])(?:{_KIN}|子|子供)[ \u3000:：]+(?P<v>{_K}{{1,3}}|[ァ-ヶー]{{2,8}}|[ぁ-ゖ]{{2,5}}子?)"
    r"(?=[（(](?:小|中|高|大)?\d{1,2}(?:歳|才)?[)）])"
)
# what someone is called, quoted: 「其水」と呼ばれてた, 「ケン」って名乗った
_QUOTED = re.compile(
    # a foreign name quoted with its dots or spaces too (「ファム・ティ・ラン」と名乗った)
    r"「(?P<v>[一-龥々ァ-ヶーぁ-ん](?:[一-龥々ァ-ヶーぁ-ん]|[・ \u3000](?=[ァ-ヶ一-龥])){0,19})」"
    r"(?:と|って)(?:呼ばれ|呼んで|名乗|いう名|言う名)"
)
# a katakana given name after someone near: 隣のジョンが, 友達のマリアに (a name to the
# dictionary and no ordinary word: 隣のテレビが stays)
_NEAR = r"(?:隣|向かい|友達|友人|知人|同僚|同居人|彼氏|彼女|上司|部下|先輩|後輩|連れ|仲間)の"
_NEAR_AFTER = r"(?=が|は|も|を|に|と|から|って|という|さん|、|。)"
_NEAR_KANA = re.compile(rf"{_NEAR}(?P<v>[ァ-ヶー]{{2,8}}){_NEAR_AFTER}")
# the same in Latin letters (友達のLanって外国の子): a capitalised word the dictionary does not
# know as an ordinary word or a brand (友達のTeslaに stays)
_NEAR_LATIN = re.compile(rf"{_NEAR}(?P<v>[A-Z][a-z]{{1,14}}){_NEAR_AFTER}")
# a role a shop or a house gives after the name (鰐渕オーナー, ジョン店長, 唐牛大家さん): a
# word before such a role is as often an ordinary noun (物件オーナー, マンションオーナー,
# コンビニ店長), so only a name to the tables or the dictionary, or a word it does not know
_ROLE_AFTER = re.compile(
    rf"(?<![{KANJI}ァ-ヶー])(?P<v>{_K}{{2,4}}|[ァ-ヶー]{{2,8}})(?:オーナー|店長|大家|家主|店主)"
    r"(?=さん|様|に|が|は|の|と|から|へ|、|。|[ \u3000（(]|$)"
)
# a katakana word before a person's belongings or kin (ノセガワの車, カラスマルの奥さん):
# a name when the dictionary does not know the word or knows it only as a name (トヨタの車,
# レンタカーの車 stay)
_KANA_OWNER = re.compile(
    r"(?<![ァ-ヶー・])(?P<v>[ァ-ヶー]{2,8})の(?:車|家|部屋|携帯|自宅|奥さん|旦那|息子|娘|"
    r"彼女|彼氏|母親|父親|親父|兄貴|嫁)"
)
# the name on a door or a letterbox, quoted (インターホンは「室伏」, 表札に「唐牛」)
_NAMEPLATE = re.compile(
    r"(?:表札|インターホン|名札|ネームプレート|郵便受け|ポスト)(?:は|に|には|の名前は)?"
    r"「(?P<v>[一-龥々ァ-ヶーぁ-ん]{1,8})」"
)
# a household or a house named by its surname (角張家, リード家の, 鰐渕宅, 唐牛邸), when the word is a name to the
# tables or the dictionary and no ordinary word (作家, 農家, 専門家 are words of their own)
_HOUSE = re.compile(
    rf"(?<![{KANJI}ァ-ヶー])(?P<v>{_K}{{2,3}}|[ァ-ヶー]{{2,8}})(?P<h>家|宅|邸)"
    r"(?=[（(のにへでがはをと、。]|$)"
)
# card numbers: 4-4-4-4 with one kind of separator, 4-6-5, or 13-19 digits run together
_CARD = re.compile(
    r"(?<![\d\-])(?:\d{4}(?P<s>[ \u3000\-]?)\d{4}(?P=s)\d{4}(?P=s)\d{4}(?:(?P=s)\d{1,3})?"
    r"|\d{4}[ \u3000\-]\d{6}[ \u3000\-]\d{5}|\d{13,19})(?![\d\-])"
)
_CARD_LABEL = re.compile(
    r"(?:(?:[Cc]ustomer|[Cc]ard|[Mm]ember(?:ship)?|[Aa]ccount)[ \u3000]?(?:[Nn]o\.?|[Nn]umber|#|"
    r"ending(?: in)?)|カード番号|クレジット(?:カード)?|カード|会員No\.?|会員番号)"
    r"[ \u3000:：]*(?:\(|（)?(?P<v>[A-Z]{0,2}\d[\d \u3000\-]{4,22}\d)"
)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def cards(folded: str) -> list[Span4]:
    found: list[Span4] = []
    for m in _CARD.finditer(folded):
        digits = re.sub(r"\D", "", m.group())
        # issuers' first digits (3 JCB/Amex/Diners, 4 Visa, 5 Mastercard, 6 Discover/UnionPay)
        # 13 digits is a JAN/EAN product code (49…) far more often than an old Visa
        if digits[0] in "3456" and 14 <= len(digits) <= 19 and _luhn(digits):
            found.append((m.start(), m.end(), "id_number", "PII-CARD-LUHN"))
    for m in _CARD_LABEL.finditer(folded):
        value = m.group("v").rstrip(" \u3000-")
        found.append((m.start("v"), m.start("v") + len(value), "id_number", "PII-CARD-LABEL"))
    return found


def _named(word: str) -> bool:
    """A word the tables or the dictionary read as a person's name (even when it is also an
    ordinary word: the context says it is a person here), never only a place or a word."""
    if word in STOP_KANJI:
        return False
    return word in tables().surnames or any(p[2] == "人名" for p in word_pos(word))


def _given_part(word: str) -> bool:
    """A given name after a surname: listed, read as one, or a listed reading in kana."""
    t = tables()
    kana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in word)
    if re.fullmatch("[ァ-ヶー]+[子江代美]?", kana):
        # a kana name with a kanji ending (ツギ子, やよ子) is read with the ending's kana
        ending = {"子": "コ", "江": "エ", "代": "ヨ", "美": "ミ"}.get(kana[-1], kana[-1])
        # two or three kana and 子 is a woman's name of a shape of its own (ツギ子, やよ子)
        return kana[:-1] + ending in t.given_readings or bool(re.fullmatch(".{2,3}子", kana))
    return word in t.given or any(p[2] == "人名" for p in word_pos(word))


# a department's member by surname, no honorific (法務部 七会, 総務部 唐牛 より): the word
# must be a name to the tables or the dictionary or a word it does not know (総務部 経理課へ,
# 営業部 東京支店 stay)
_DEPT_NAME = re.compile(
    rf"(?<![{KANJI}])[{KANJI}]{{1,6}}(?:部|課|係|室)[ \u3000]+(?P<v>{_K}{{2,4}})"
    r"(?=[ \u3000]*(?:\n|$)|より|から|が|に|へ|[、。（(])"
)


# a writer naming themself after a business greeting (いつもお世話になっております。
# ことぶき住宅販売の黒保根です。): the word before です is the writer's surname
_SELF_NAMED = re.compile(
    r"(?:お世話になっております|お世話になります|お疲れ様です|お疲れさまです)[。、！!]?[ \u3000\n]*"
    rf"[^。\n]{{1,24}}?の(?P<v>{_K}{{2,4}})(?:です|と申します|でございます)"
)


def _unknown(word: str) -> bool:
    """Kanji the dictionary does not know as a word, short enough to be a surname."""
    return not word_pos(word) and len(word) <= 3 and word not in STOP_KANJI


def _place_only(word: str, is_common: Callable[[str], bool]) -> bool:
    """A surname the dictionary knows only as a place (鴨宮, 青ヶ島): after a person's role
    with nothing between, the role says it is a person; an ordinary noun (会議, 先生) never."""
    pos = word_pos(word)
    return (
        bool(pos)
        and word not in STOP_KANJI
        and not is_common(word)
        and all(p[1] == "固有名詞" for p in pos)
    )


def _list_after(folded: str, end: int, is_common: Callable[[str], bool]) -> list[Span4]:
    """The names after a role's first name, listed with 、 or ・ (団員 仙波、賀来、曽我部): a
    word that is a name, one the dictionary does not know, or a place to it; the list ends at
    the first ordinary word (団員 仙波、会議室へ) or a role of its own (、書記 …)."""
    found: list[Span4] = []
    while m := _LIST_NEXT.match(folded, end):
        word = m.group("v")
        if re.fullmatch(f"(?:{_ROLE})", word) or word in STOP_KANJI:
            break
        pieces = re.split("[ \u3000=＝]", word)
        if len(pieces) > 1:
            # a spaced katakana pair: not every piece an ordinary word, no piece a place
            # (カミラ ソト, whose ソト is a word; 、ニュー ヨーク and 、カフェ ラテ end the list)
            if all(is_common(p) for p in pieces) or any(_place_piece(p) for p in pieces):
                break
        elif re.fullmatch("[ぁ-ゖァ-ヶー]+", word):
            # a member in kana (タニヤ, めかだ): a name to the dictionary or a word it does not know
            if is_common(word) or not (_named(word) or not word_pos(word)):
                break
        elif not (_named(word) or _unknown(word) or _place_only(word, is_common)):
            break
        found.append((m.start("v"), m.end("v"), "person", "PII-NAME-ROLE-LIST"))
        end = m.end("v")
    return found


def _place_piece(word: str) -> bool:
    return any(p[2] == "地名" for p in word_pos(word))


def _phrase(word: str) -> bool:
    """Sudachi reads a particle, an auxiliary, a verb or an adjective in it: a predicate's
    words (監督 さえも), not a name's pieces."""
    return any(
        t.pos[0] in ("助詞", "助動詞", "動詞", "形容詞") for t in tokenize(Mapped.identity(word))
    )


def _role_kana(folded: str, is_common: Callable[[str], bool]) -> list[Span4]:
    """A kana given name or a katakana name after a role (書記 つねひと, 書記官 キアラ): a
    listed given name's reading or a person's name to the dictionary; after a space or a
    colon also a kana word the dictionary does not know (never after は: 受付はこちらが);
    never an ordinary word (会計 ソフト, 監督 さえも)."""
    readings = tables().given_readings
    found: list[Span4] = []
    for m in _ROLE_KANA.finditer(folded):
        # the run may hold the honorific (担当 あんさいさん、): the name is what is before it
        word = re.sub("(?:さん|さま|ちゃん|くん)$", "", m.group("v"))
        if len(word) < 2:
            continue
        kata = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in word)
        pos = word_pos(word) | word_pos(kata)
        if is_common(word) or word in STOP_KATA or any(p[2] == "地名" for p in pos):
            continue
        named = kata in readings or any(p[2] == "人名" for p in pos)
        if m.group("gap") == "の":
            # 担任のマイズに: after の only katakana the dictionary does not know or knows
            # only as a person's name (担当のスタッフ, 店長のアドバイス, 会長のトヨタ stay)
            if len(word) >= 3 and all(p[2] == "人名" for p in pos):
                found.append(
                    (m.start("v"), m.start("v") + len(word), "person", "PII-NAME-ROLE-KANA")
                )
            continue
        listed = named and not any(p[1] == "普通名詞" for p in pos)
        # after a space or a colon also a kana word the dictionary does not know at all
        unknown = m.group("gap") != "は" and not pos and len(word) >= 3 and not _phrase(word)
        if listed or unknown:
            found.append((m.start("v"), m.start("v") + len(word), "person", "PII-NAME-ROLE-KANA"))
    return found


def _office_word(word: str) -> bool:
    """A common noun or nouns and suffixes the dictionary reads with no proper noun inside
    (理事長, 受付係, 配達担当; not 高橋健人, a name ending in 人)."""
    toks = tokenize(Mapped.identity(word))
    return bool(toks) and all(
        t.pos[0] in ("名詞", "接尾辞") and t.pos[1] != "固有名詞" for t in toks
    )


def _office_names(folded: str, is_common: Callable[[str], bool]) -> list[Span4]:
    found: list[Span4] = []
    for m in _OFFICE_NAME.finditer(folded):
        if re.fullmatch(f"{_ROLE_PREFIX}(?:{_ROLE})", m.group("role")):
            continue  # a listed role: the listed rule reads it
        if not _office_word(m.group("role")):
            continue
        word = m.group("v")
        head = re.match(f"{_K}+", word)
        surname = head.group() if head else word
        rest = word[len(surname) :].strip(" \u3000")
        if rest and not _given_part(rest):
            word, rest = surname, ""
        if surname in STOP_KANJI or is_common(surname):
            continue  # 会長 挨拶, 担当 部署: an ordinary noun after the office
        if rest or (_named(surname) and not is_common(surname)) or _unknown(surname):
            end = m.start("v") + len(word)
            found.append((m.start("v"), end, "person", "PII-NAME-OFFICE"))
            found += _list_after(folded, end, is_common)
    return found


def lone(folded: str, is_common: Callable[[str], bool]) -> list[Span4]:
    found: list[Span4] = _role_kana(folded, is_common) + _office_names(folded, is_common)
    for m in _ROLE_NAME.finditer(folded):
        word = m.group("v")
        head = re.match(f"{_K}+", word)
        surname = head.group() if head else word
        rest = word[len(surname) :].strip(" \u3000")
        if rest and not _given_part(rest):
            after = word[len(surname) :]
            if re.match("[ぁ-ゖ]", after) and not re.match(
                "に|が|は|と|の|から|より|へ|も|を", after
            ):
                # 乗務員は皆疲れていた: kana run on that open with no particle are a verb's
                # ending (担任の上條によると: a particle, the name is before it)
                continue
            word, rest = surname, ""  # 担任 司馬　記載者: the next word is a label
        end = m.start("v") + len(word)
        if not m.group("gap"):
            # run together with the role only before an honorific (店長金砂郷さん): 店長室,
            # 担当者様 are words
            if m.group("end") in ("さん", "様", "氏") and not is_common(surname):
                found.append((m.start("v"), end, "person", "PII-NAME-ROLE"))
            continue
        if m.group("gap") == "の" and (
            is_common(surname) or not (_named(surname) or _unknown(surname))
        ):
            continue  # 担任の先生, 社長の信頼: the role's own noun, not a name
        if _named(surname) or bool(rest) or _unknown(surname) or _place_only(surname, is_common):
            found.append((m.start("v"), end, "person", "PII-NAME-ROLE"))
            found += _list_after(folded, end, is_common)
    for m in _SELF_NAMED.finditer(folded):
        word = m.group("v")
        if word not in STOP_KANJI and ((_named(word) and not is_common(word)) or _unknown(word)):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-SELF-NAMED"))
    for m in _DEPT_NAME.finditer(folded):
        word = m.group("v")
        if word not in STOP_KANJI and ((_named(word) and not is_common(word)) or _unknown(word)):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-DEPARTMENT"))
    for m in _FAMILY_NAME.finditer(folded):
        word = m.group("v")
        # a name to the dictionary or the tables and not an ordinary word too (未来の息子)
        if _named(word) and not is_common(word):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-FAMILY"))
    given = tables().given_readings
    for m in _KIN_KANA.finditer(folded):
        word = m.group("v")
        kana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in word)
        pos = word_pos(word)
        listed = kana in given and all(p[2] == "人名" for p in pos)
        if listed or (not pos and re.search("[子江代美枝恵乃]$", word)):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-KIN-KANA"))
    for m in _NEAR_KANA.finditer(folded):
        word = m.group("v")
        pos = word_pos(word)
        if any(p[2] == "人名" for p in pos) and not any(p[1] == "普通名詞" for p in pos):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-NEAR-KANA"))
    for m in _NEAR_LATIN.finditer(folded):
        pos = word_pos(m.group("v"))
        if not pos or any(p[2] == "人名" for p in pos):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-NEAR-LATIN"))
    for m in _KIN_LISTED.finditer(folded):
        found.append((m.start("v"), m.end("v"), "person", "PII-NAME-KIN-LISTED"))
    for m in _ROLE_AFTER.finditer(folded):
        word = m.group("v")
        if word in STOP_KANJI or word in STOP_KATA:
            continue
        if (_named(word) and not is_common(word)) or not word_pos(word):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-ROLE-AFTER"))
    for m in _KANA_OWNER.finditer(folded):
        pos = word_pos(m.group("v"))
        if m.group("v") not in STOP_KATA and all(p[2] == "人名" for p in pos):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-KANA-OWNER"))
    for m in _NAMEPLATE.finditer(folded):
        found.append((m.start("v"), m.end("v"), "person", "PII-NAME-NAMEPLATE"))
    for m in _HOUSE.finditer(folded):
        word = m.group("v")
        tail = word_pos(word[-1] + m.group("h"))
        whole = word_pos(word + m.group("h"))
        if any(p[1] == "普通名詞" for p in tail | whole) or any(
            p[1] == "固有名詞" and p[2] != "人名" for p in whole
        ):
            # 義実家, 市営住宅: the 家 or 宅 belongs to a word of its own (実家, 住宅); 吉野家
            # is a restaurant chain
            continue
        if _named(word) and not is_common(word):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-HOUSEHOLD"))
    for m in _QUOTED.finditer(folded):
        word = m.group("v")
        if not is_common(word) or _named(word):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-QUOTED"))
    return found + cards(folded)


_SURNAME_BEFORE = re.compile(rf"(?:^|(?<=[ \u3000\n:：]))(?P<v>{_K}{{2,3}})[ \u3000]$")


def surname_before(folded: str, given: Iterable[tuple[int, str]]) -> list[Span3]:
    """The word right before a given name found alone, a space between, is its surname even
    when it is also an ordinary word (生徒指導主事 染地　秀俊): not a role or a label."""
    t = tables()
    found: list[Span3] = []
    for start, text in given:
        if text not in t.given or text in t.surnames:
            continue
        m = _SURNAME_BEFORE.search(folded, max(0, start - 5), start)
        if not m or m.end() != start:
            continue
        word = m.group("v")
        if word in STOP_KANJI or re.fullmatch(f"(?:{_ROLE}|{_KIN})", word):
            continue
        found.append((m.start("v"), m.end("v"), "PII-NAME-SURNAME-BEFORE"))
    return found


def parts_again(folded: str, names: Iterable[str], western: Iterable[str] = ()) -> list[Span3]:
    """A full name written run together (二科秀和) names its surname and given name: each
    is taken where it stands alone in the same text (二科です). The split is the one the
    tables or the dictionary allow (a listed surname, or a word read as a surname)."""
    t = tables()
    words: set[str] = set()
    for full in names:
        # the kanji head of a name (春山めぐ美 → 春山めぐ美's 春山; 二科秀和)
        head_run = re.match(f"{_K}{{2,6}}", full)
        if not head_run or len(full) < 3:
            continue
        name = head_run.group() if head_run.group() != full else full
        if name != full:
            if name in t.surnames or any(p[3] == "姓" for p in word_pos(name)):
                words.add(name)
            continue
        for i in range(2, len(name) - 1):
            head, tail = name[:i], name[i:]
            if head in t.surnames or any(p[3] == "姓" for p in word_pos(head)):
                words.add(head)
                if len(tail) >= 2 and (tail in t.given or not word_pos(tail)):
                    words.add(tail)
                break
    latin = {
        w
        for name in western
        if re.fullmatch(r"[A-Z][a-z]+(?:[ \u3000][A-Z][a-z]+)+", name)
        for w in re.split(r"[ \u3000]", name)
        if len(w) >= 3
    }
    found: list[Span3] = []
    for word in words:
        found += _standing(folded, word, _KANJI_CHAR)
    for word in latin:
        found += _standing(folded, word, _LATIN_CHAR)
    return found


_KANJI_CHAR = re.compile(_K)
_LATIN_CHAR = re.compile("[A-Za-z]")


def _standing(folded: str, word: str, inside: re.Pattern[str]) -> list[Span3]:
    """Where `word` stands with no character of `inside` either side (str.find: a pattern
    per word with the kanji class would be compiled afresh for every name)."""
    found: list[Span3] = []
    i = folded.find(word)
    while i >= 0:
        end = i + len(word)
        left = i == 0 or not inside.match(folded[i - 1])
        right = end == len(folded) or not inside.match(folded[end])
        if left and right:
            found.append((i, end, "PII-NAME-PART-AGAIN"))
        i = folded.find(word, i + 1)
    return found


# a building named right after its address: …石原町26-12のサンライズ石原町なんですけど
_BUILDING_AFTER = re.compile(
    r"の(?P<v>[ァ-ヶー]{2,}[ァ-ヶー一-龥々・]{0,8}?)"
    r"(?=なんですけど|なんですが|です|に住|在住|から|で|の[0-9０-９]|[ \u3000、。（(]|$)"
)


def building_after_address(folded: str, ends: Iterable[int]) -> list[Span4]:
    found: list[Span4] = []
    for end in set(ends):
        m = _BUILDING_AFTER.match(folded, end)
        # pii22: a shop the dictionary knows, then a side of it (ローソン裏, ファミマ前): a
        # public place beside the address, not the building the person lives in
        bare = m.group("v").rstrip("裏前横隣脇角奥側") if m else ""
        if m and not word_pos(m.group("v")) and not (bare != m.group("v") and word_pos(bare)):
            found.append((m.start("v"), m.end("v"), "address", "PII-BUILDING-AFTER-ADDRESS"))
    return found
