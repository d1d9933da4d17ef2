"""Held-out family AK–AL for ``share_pii.py`` (written by hand 2026-12-06 09:33 UTC by pii20,
before any change of the twentieth round; measured on main 9b55e45 first). **AK is the
round's tune half** (its misses may be listed); **AL is frozen**: run at the round's start
and once at its end, its misses never listed (``--show-misses`` skips it).

Styles no earlier family used, split by style, never by item:

AK minutes of meetings (a crime-prevention council, a neighbourhood association's officers,
  a PTA's safety committee, a residents' watch in English) and partners' consultation
  e-mails (a haulier, a supermarket's security, a request to an SNS operator in Japanese and
  in English, a home centre's report of a purchase, a landlord's agent, a car-park owner);
AL handwritten forms transcribed (a lost-property report, a consultation slip, a bicycle
  register card, a door-to-door visit card, a survey, a koban's visitor log, a juvenile
  guidance slip, an English witness form, an employee register, a 110 call log) and chat
  logs (a shop's loss-prevention channel, a LINE group, Slack, Teams between officers, a
  Discord export, a security firm's dispatch chat, Messenger, X DMs).

Values are marked in place, ``[[kind:value]]``; words that must stay (car models, fictional
characters, brands, public places and offices) ``{{word}}``. Kinds: names (rare surnames,
kana given names, initials K.T. / Ｔ・Ｓ / Ｋ氏 / Ryota M., aliases, chat speakers, foreign
names), addresses below the municipality, phones, e-mails, dates of birth, ages (after a
form's label, 年令 52, decades), plates, handles, ids, police registers' numbers and
landmarks that locate a home. Gold rules, settled after the first start run and applied to
both halves alike: a label before a number is no part of it (受理番号 [[case:…]]), an
honorific at a name's edge is not asked for, nor 生 after a date of birth, and a line the
source rule removes whole (担当：…) holds no must-keep word.

Scored as the pii19 probe was: lenient recall (the value no longer appears in the tear-line),
strict recall (every letter and digit of the value's span inside a removal), must-keep words
over-removed (a removal overlaps the word and its replacement does not say it again).
"""

from __future__ import annotations

import re

_MARK = re.compile(r"\[\[(\w+):(.*?)\]\]|\{\{(.*?)\}\}")
Doc = tuple[str, str, list[tuple[str, str, int, int]], list[tuple[str, int, int]]]


def parse(source: str) -> list[Doc]:
    """(id, text, [(kind, value, start, end)], [(word, start, end)]) of each document."""
    docs: list[Doc] = []
    for chunk in source.split("=== ")[1:]:
        head, _, body = chunk.partition("\n")
        text, values, keeps, pos = "", [], [], 0
        for m in _MARK.finditer(body):
            text += body[pos : m.start()]
            if m.group(1):
                values.append((m.group(1), m.group(2), len(text), len(text) + len(m.group(2))))
                text += m.group(2)
            else:
                keeps.append((m.group(3), len(text), len(text) + len(m.group(3))))
                text += m.group(3)
            pos = m.end()
        text += body[pos:]
        docs.append((head.split()[0], text.rstrip("\n"), values, keeps))
    return docs


def docs(half: str) -> list[Doc]:
    """AK (tune) or AL (frozen)."""
    return parse({"AK": AK, "AL": AL}[half])


AK = """\
=== T01 minutes
第14回 西新井地区防犯協議会 議事録
日時：令和8年11月20日（金）19:00〜20:30　場所：{{西新井駅}}東口の地区センター
出席：会長 [[name:筧田 与四郎]]、副会長 [[name:沓掛 みのり]]、書記 [[name:鴇田]]、{{西新井警察署}}生活安全課より1名
1. 不審車両について：[[name:沓掛]]副会長より、白の{{アルファード}}（[[plate:足立 330 ぬ 48-21]]）が深夜に公園脇へ停車しているとの報告。
2. 次回は{{足立区役所}}の防犯担当も招く。{{ホンダ}}の{{フィット}}で来る予定。
=== T02 minutes
町会 役員会 議事要旨（11/28）
出席者：[[name:比嘉 朝栄]]（会長）、[[name:楢ﾉ木 静]]、[[name:K.T.]]（匿名希望）
・回覧板：[[name:比嘉]]会長宅（[[address:桐ケ谷2-14-6]]）に12月分を集約。
・[[name:K.T.]]氏より、年末の夜回りで{{サザエさん}}の着ぐるみを使いたいとの提案。可決。
・連絡先変更：[[name:楢ﾉ木]]さん [[phone:080-3317-4420]]
=== T03 minutes
青少年健全育成委員会 記録
報告者：[[name:五百旗頭 律子]]委員
中学生が{{ローソン}}前で深夜にたむろ。うち1名は[[name:Ｔ・Ｓ]]（[[age:14]]歳）、母親は[[name:五百旗頭]]委員と面識あり。
自宅は[[address:東伊興3丁目]]、[[landmark:近くに区立伊興小学校の裏門がある]]。
委員長コメント：{{ドラえもん}}の防犯ポスターを{{竹ノ塚駅}}に掲示予定。
=== T04 minutes
令和8年度 第3回 商店街防犯部会 議事録
記録：[[name:苫米地 篤]]
・[[name:苫米地]]より：{{メルカリ}}で当店の商品が転売されている。出品者は[[handle:@kuma_sanpo77]]。
・被害届：{{西新井警察署}} 受理番号 [[case:2026-04418]]
・防犯カメラ映像は{{セブン-イレブン}}の協力を得た。
=== T05 minutes
マンション管理組合 理事会 議事録（抜粋）
出席：理事長 [[name:舛添 恭子]]（[[address:1203号室]]）、理事 [[name:宍戸 雄大]]
・駐輪場でのいたずら：犯人と見られる男性（年令 [[age:40]]才くらい）が{{プリウス}}で来訪。
・[[name:宍戸]]理事の車（[[plate:練馬 500 た 12-34]]）にも傷。
・{{警視庁}}の防犯アドバイザーによる講習を検討。
=== T06 minutes
自治会 臨時総会 議事録
議長：[[name:仙波 幸三郎]]
議題：空き巣被害（[[address:埼玉県草加市谷塚上町418-3]]、[[name:仙波]]議長の隣家）
被害者 [[name:嵯峨山 トメ]]さん（年齢：[[age:81]]）より経過報告。届出は{{草加警察署}}、届出番号 [[case:第3371号]]。
次回：{{草加市役所}}の会議室。{{草加せんべい}}を用意。
=== T07 minutes
防犯パトロール隊 反省会メモ
参加：[[name:N.K.]]、[[name:M.O.]]、隊長 [[name:狩集 一平]]
・{{コナン}}のステッカーを貼った自転車が3台盗まれた。所有者の一人は[[name:狩集]]隊長の孫 [[name:狩集 陽向]]（[[age:9]]）。
・{{アンパンマン}}ミュージアム方面へのルートを追加。
・次回集合は{{竹ノ塚駅}}西口。{{しまじろう}}の着ぐるみは{{ベネッセ}}から借用。
=== T08 minutes
PTA 地域安全委員会 記録（書記：[[name:廿日出 由紀]]）
・不審者情報：[[name:Ｋ]]氏（保護者）より、{{ハイエース}}の男が児童に声かけ。車両番号 [[plate:足立 400 す 77-01]]。
・[[name:Ｋ]]氏の連絡先 [[phone:03-3850-1192]]
・{{足立区}}教育委員会へ報告済み。
=== T09 minutes
Minutes – Neighbourhood Watch, Minato Heights residents
Present: [[name:Aiko Hazama]] (chair), [[name:Ryota M.]], {{Tokyo Tower}} area liaison
- [[name:Ryota M.]] reported a grey {{Alphard}} parked outside Block C; he lives at [[address:4-11-2 Shibakoen]].
- Contact [[email:aiko.hazama@minato-watch.jp]] for the rota.
- Next meeting at {{Starbucks}} Shibakoen; bring the {{Doraemon}} posters.
=== T10 minutes
防犯協議会 議事録（第8回）
議題：特殊詐欺の被害
被害者：[[name:鍛冶谷 スミ]]（年齢 [[age:77]]）、[[address:足立区保木間4-22-9]]
犯人は「{{警視庁}}の[[name:タカミネ]]」を名乗り、キャッシュカードを受け取った。
[[case:西新井署 第2026-1184号]]として受理。
会長より：{{NHK}}の特集でも同手口。
=== T11 mail
件名：ご相談（当社従業員について）
{{西新井警察署}} 生活安全課 御中
株式会社マルヨシ運送 総務部の[[name:汐見 和哉]]です。
当社ドライバー [[name:檜垣 剛]]（[[dob:1986年4月2日]]生）が、勤務中に{{ヤマト運輸}}の車両と接触し、その後 [[phone:090-6612-0387]] から脅迫めいた電話が続いております。
{{トヨタ}}の{{ハイエース}}を使用しておりました。
=== T12 mail
件名：Re: 防犯カメラ映像の提供について
ご担当者様
{{イオン}}西新井店 保安担当の[[name:袰岩 千尋]]です。
万引き被疑者と思われる女性（[[age:30]]代、自称「[[name:ミヨシ]]」）の映像をお送りします。
ポイントカード会員番号 [[id:4021-3387-1102]]、登録住所は[[address:足立区西新井栄町1-9-5]]です。
=== T13 mail
件名：個人情報の照会について
{{LINEヤフー}}株式会社 御中
照会対象アカウント：LINE ID: [[handle:mizuho_0707]]
表示名：[[name:みずほ☆]]
本件は受理番号 [[case:8812]]の脅迫事案に関するものです。投稿者は{{ピカチュウ}}のアイコンを使用。
担当：警視庁西新井署 巡査部長 [[name:葛籠 勇人]]
=== T14 mail
件名：不審な購入について（ご報告）
いつもお世話になっております。{{カインズ}}足立店の[[name:祖父江]]です。
本日、硝酸アンモニウムを含む肥料を大量に購入した男性がいました。
レシートの会員名義は[[name:目黒 ケ二]]様、[[phone:０８０－２２０１－９９４３]]、免許証番号 [[id:301204567890]]。
{{アルファード}}で来店、ナンバーは[[plate:春日部 300 や 5-87]]でした。
=== T15 mail
Subject: Request re: user data
To: Trust & Safety, {{Meta}}
We request subscriber information for the Instagram account [[handle:@hachi.kuro_22]], suspected author of threats against the mayor of {{Adachi City}}.
Complainant: [[name:Setsuko Imaizumi]], DOB [[dob:3 May 1961]], tel [[phone:+81 3 5681 2290]].
Officer in charge: Sgt. [[name:K. Tsuzura]]
=== T16 mail
件名：【相談】元交際相手からのつきまとい
相談者：[[name:舘林 梨花]]（[[age:26]]）
相手方：[[name:亀卦川 翔]]、{{マツダ}}の{{CX-5}}に乗っている。
相手方は相談者の職場（{{ユニクロ}}北千住店）にも来た。
相談者の自宅は[[address:足立区千住曙町]]、[[landmark:自宅の斜め向かいにファミリーマートがある]]。
=== T17 mail
件名：退去者の件
管理会社 ハウスメイト北千住の[[name:大日向]]です。
退去した[[name:ファム・ティ・ラン]]さん（在留カード番号 [[id:AB12345678CD]]）の部屋に、{{ワンピース}}の{{ルフィ}}のフィギュアなど私物が残置されています。
連絡先：[[email:lan.pham88@gmail.com]]
=== T18 mail
件名：お問い合わせ（駐車場の件）
{{西新井大師}}の近くで月極駐車場を経営している[[name:小鳥遊 さえ子]]と申します。
契約者 [[name:Y.H.]] さんの{{ヴェルファイア}}（[[plate:足立 301 ほ 90-10]]）が3週間動いていません。
契約書上の住所は[[address:足立区西新井1丁目]]です。年令 [[age:52]]。
=== T19 minutes
区民安全会議 議事録
委員長：{{足立区長}}（欠席）代理 [[name:糠信 浩]]
報告：{{東京ドーム}}のイベント帰りの客が多く、{{北千住駅}}で混雑。
[[name:糠信]]代理より、地域の見守りボランティア[[name:瓜生 ケイ]]（[[age:68]]）を表彰。
=== T20 mail
件名：防犯講習の講師について
{{竹ノ塚}}地区町会連合会の[[name:粟飯原 実]]です。
講師候補の{{元警視総監}}の講演は日程が合わず、代わりに{{西新井警察署}}の署長にお願いしたいと思います。
連絡は [[email:aihara.m@takenotsuka-rengo.jp]] / [[phone:03-3883-4071]] まで。
=== T21 minutes
見守り隊 連絡会 メモ
・[[name:Ｔ・Ｍ]]さん（年齢：[[age:73]]）が行方不明→翌朝{{荒川}}河川敷で保護。
・自宅は[[address:足立区新田2-8-13]]。[[landmark:新田さくら公園の東側の一軒家]]。
・{{鬼太郎}}のイラスト入りの迷子札を配布。
=== T22 mail
件名：投稿削除のお願い
株式会社ミクシィ サポート窓口 御中
貴社サービス上で、[[name:堀之内 航]]（[[age:17]]）の顔写真と住所（[[address:足立区江北5-12-1]]）が晒されています。
投稿者アカウント：[[handle:@yamiyo_riot]]
{{モンスト}}のユーザー名も同一です。
"""

AL = """\
=== F01 form
【書き起こし】遺失届（手書き、判読困難箇所は〔　〕）
氏名　[[name:鰐渕 ハツ]]　　年令　[[age:84]]
住所　[[address:足立区六月3-〔1〕7-2]]
電話　[[phone:03-3858-〔7〕741]]
落とした物：{{アンパンマン}}の財布、{{Suica}}
場所：{{竹ノ塚駅}}付近（{{マクドナルド}}の前）
=== F02 form
【書き起こし】拾得物預り書
拾得者　[[name:上遠野 聡]]（[[age:45]]才）
連絡先　[[phone:090‐4417‐2093]]
拾得物：{{iPhone}}、{{ドラえもん}}のカバー付き
拾得場所：{{上野動物園}} 正門前、{{パンダ}}舎の近く
=== F03 form
【書き起こし】相談受理票（手書き）
受理番号 [[case:R8-生安-0912]]
相談者：[[name:𠮷野 ケイ子]]　年齢：[[age:62]]
生年月日：[[dob:昭和39年7月3日]]
住所：[[address:足立区梅田7丁目19番4号]]
相談内容：息子を名乗る電話。{{NTT}}の番号表示。{{ゆうちょ銀行}}の口座を指定された。
=== F04 form
【書き起こし】被害届（控）
届出人　[[name:桐ケ谷 隼人]]
職業　会社員（{{トヨタ}}系販売店）
年令 [[age:38]]才
被害品：{{プリウス}}（[[plate:足立 330 ね 21-09]]）
届出番号 [[case:第1234号]]　　{{西新井警察署}}長 殿
=== F05 form
【書き起こし】防犯登録カード
所有者：[[name:ヶ谷 まゆ]]　TEL：[[phone:080-9931-2846]]
住所：[[address:足立区東和4-7-15]]
車体番号 [[id:ABC12345678]]
購入店：{{サイクルベースあさひ}}
=== F06 form
【書き起こし】地域安全カード（巡回連絡）
世帯主　[[name:戸賀崎 正]]（[[age:57]]）
同居　妻 [[name:戸賀崎 朋美]]（[[age:55]]）、長男 [[name:Ｓ]]（[[age:21]]）
住所　[[address:足立区伊興本町2-5-33]]
目印　[[landmark:伊興氷川神社の鳥居の向かい]]
緊急連絡先　[[phone:048-925-3310]]
=== F07 form
【書き起こし】アンケート用紙（防犯意識調査）
Q1 お名前（任意）：[[name:Ｈ・Ｔ]]
Q2 年齢：[[age:45]]
Q3 よく使う交通手段：{{N-BOX}}、{{東武スカイツリーライン}}
Q4 不安を感じる場所：{{西新井大師}}の裏道
Q5 連絡先（任意）：[[email:ht.1979@docomo.ne.jp]]
=== F08 form
【書き起こし】来訪者記録簿（交番）
時刻 14:20　氏名 [[name:國枝 美空]]　用件：道案内（{{東京スカイツリー}}）
時刻 15:05　氏名 [[name:アデワレ・オコンクォ]]　用件：遺失物（{{PayPay}}カード）
時刻 16:40　氏名 [[name:磯貝]]　年令 [[age:70]]　用件：{{サザエさん}}のDVD拾得
=== F09 form
【書き起こし】申告書（自転車盗難）
申告者 [[name:勅使河原 仁]]
年齢 [[age:19]]歳（大学生）
住所 [[address:東京都足立区花畑5丁目13-8]]
[[landmark:自宅は花畑団地の北側。近くに花畑北小学校]]
盗難車 {{ブリヂストン}}製 防犯登録 [[id:足立 A-34521]]
=== F10 form
Transcribed: witness statement form (handwritten)
Name: [[name:Ofelia Marquez]]    Age: [[age:34]]
Address: [[address:2-7-11 Umejima, Adachi-ku]]
Phone: [[phone:070-5512-8830]]
I saw a silver {{Prius}} and a {{Nissan}} {{Serena}} and a man in a {{Pikachu}} mask near {{Umejima Station}}.
=== F11 form
【書き起こし】少年補導票
少年　[[name:Ｍ・Ｋ]]（[[age:15]]）
保護者　父 [[name:鵜飼 丈二]]　[[phone:090-7711-0254]]
学校　{{足立区立第十四中学校}}
補導場所　{{ゲームセンター}}「{{タイトーステーション}}」北千住店
=== F12 chat
[社内チャット #loss-prevention] 11/30
09:12 [[name:sakaki]]: 昨日の件、{{メルカリ}}の出品者[[handle:kaito_8823]]がうちの在庫と一致
09:14 [[name:hinata.m]]: 年齢：[[age:20]]くらい？防犯カメラだと若そう
09:15 [[name:sakaki]]: 店長が{{西新井警察署}}に連絡済み、受理番号 [[case:第2026-0345号]]
09:20 [[name:hinata.m]]: 了解です
=== F13 chat
LINEグループ「夜回り隊」
[[name:ケンジ]]：今日の集合は{{西新井大師}}の山門前で
[[name:みどり]]：了解！[[name:ゲン]]さんの車（{{セレナ}}）で行く？
[[name:ケンジ]]：[[name:ゲン]]さん今日は無理って。[[phone:090-2258-6617]]に電話して
[[name:みどり]]：{{コナン}}の映画の日だもんねw
=== F14 chat
Slack #community-liaison
[[name:yuki.arata]] 10:02 the caller was [[name:T. Kashiwabara]], age [[age:67]], lives near {{Kita-Senju Station}}
[[name:yuki.arata]] 10:03 [[landmark:his house is behind the Lawson next to Senju Park]]
[[name:dmitri.v]] 10:05 ok, I'll tell the {{Adachi Ward Office}} team. his email: [[email:t.kashiwa@nifty.com]]
=== F15 chat
署内連絡（Teams）
巡査長 [[name:鷲見]]：[[case:北署受第4471号]]の関係者、[[name:綾瀬川 ミツ]]（年齢：[[age:90]]）は施設に入所済み
係長 [[name:木全]]：施設名は？
巡査長 [[name:鷲見]]：{{ニチイ}}のグループホーム。[[address:足立区綾瀬6-31-2]]
=== F16 chat
[LINE] 11/22(日)
20:01 [[name:ゆいな]]：[[name:あやか]]の元カレ、{{アルファード}}で家の前に来てたって
20:03 [[name:まりん]]：[[name:あやか]]の家って[[address:竹の塚5-16-4]]だよね、[[landmark:竹の塚第一公園の裏のアパート]]
20:04 [[name:ゆいな]]：警察に言った方がいい。{{ポケモン}}の話はあとで。{{#9110}}かな
=== F17 chat
Discord #off-topic (exported)
[[handle:neko_mikan#4412]]: my brother [[name:Daichi]] got doxxed, they posted his address [[address:3-2-19 Nishiarai]]
[[handle:neko_mikan#4412]]: and his birthday [[dob:2007-08-14]]
[[handle:gr4vity]]: report it to {{Discord}} trust & safety lol, or the {{Tokyo Metropolitan Police}}
=== F18 chat
業務チャット（警備会社）
22:10 隊員[[name:榊原]]：{{ファミリーマート}}前で男（年齢[[age:35]]前後）が{{ハイエース}}から降りた
22:12 隊員[[name:鮫島]]：ナンバー[[plate:品川 300 さ 12-34]]、照会お願いします
22:15 指令：了解。契約者 [[name:堰口 彩]] 様（[[phone:03-5284-0091]]）に連絡
=== F19 form
【書き起こし】110番受理簿（写し）
通報者　[[name:Ｆ]]氏（[[age:40]]代女性）
通報内容　隣家の[[name:鳩貝]]方から怒鳴り声
場所　[[address:足立区江北2-9-17]]
受理番号 [[case:R8-110-27734]]
=== F20 chat
Messenger (translated)
[[name:Nguyen Thi Hoa]]: chị ơi, my landlord Mr. [[name:Sekiguchi]] says I must leave by Friday
[[name:Tran Van Duc]]: where do you live now?
[[name:Nguyen Thi Hoa]]: [[address:Adachi-ku Yanaka 1-4-9]], room [[address:202]]
[[name:Tran Van Duc]]: ask at {{Adachi International Association}}
=== F21 form
【書き起こし】風俗営業等従業者名簿
氏名：[[name:真栄城 りな]]　生年月日：[[dob:H13.2.28]]
年齢：[[age:25]]
本籍：[[address:沖縄県那覇市首里儀保町2-1]]
源氏名：[[name:ルナ]]
店舗：{{ドン・キホーテ}}北千住店の向かいのビル（{{吉野家}}の上）
=== F22 chat
X DM（スクリーンショットの書き起こし）
[[handle:@tama_chan_08]]：明日{{東京ビッグサイト}}行く？
[[handle:@akiakira_z]]：行く、[[name:あきら]]って呼んで。{{ルフィ}}のコスする
[[handle:@tama_chan_08]]：住所教えて、迎え行く
[[handle:@akiakira_z]]：[[address:足立区平野1-11-3]]
"""
