"""Held-out family AM–AN for ``share_pii.py`` (written by hand 2026-12-06 10:05 UTC by pii21,
before any change of the twenty-first round; measured on branch pii20 07ff4f8 first). **AM is
the round's tune half** (its misses may be listed); **AN is frozen**: run at the round's start
and once at its end, its misses never listed (``--show-misses`` skips it).

Styles no earlier family used, split by style, never by item:

AM prosecutors' case summaries (送致書: a theft, a fraud by two, an assault, a case referral
  with an alias, a list of persons concerned, a burglary, a traffic offence in romaji, a
  fraud runner who is a minor, an investigation report's extract, criminal damage) and a
  neighbourhood association's circulars (回覧板: patrols, a death notice, a suspicious
  person, rubbish, a drill, new members from abroad, burglaries, an elders' party, lost
  property, the fees, a watch over a neighbour);
AN English e-mails from foreign partners (a freight forwarder, an SNS operator's trust and
  safety, an employer's HR, a consulate, a crypto exchange's security, a semiconductor firm,
  a foreign police force, an online shop's security, a chat service, a security escort) and
  OCR'd or transcribed screenshots of SNS direct messages (Instagram, X, TikTok, LINE,
  Messenger in Vietnamese and Japanese, Snapchat, a Discord DM, Telegram, a story reply, a
  LINE open chat).

Values are marked in place, ``[[kind:value]]``; words that must stay (brands, apps, public
places and offices, characters, car models, laws) ``{{word}}``. Kinds: names (rare surnames,
romaji either order, initials, a lone initial before an age, aliases in quotes, katakana and
Vietnamese names, chat display names), addresses (with a flat's number, English order either
way round, OCR'd letters), phones (OCR'd O for 0, international), e-mails, dates of birth,
ages, plates, handles, ids (residence card, passport, driving licence, customer and user
ids), a My Number, an IP address, a card's last digits, account numbers, case and referral
numbers and landmarks that locate a home. Gold as pii20's: a label before a number is no
part of it, an honorific at a name's edge is not asked for, nor 生 after a date of birth. A
partner's own signature (the sender of an e-mail) is marked neither way.

Scored as AK–AL are: lenient recall (the value no longer appears in the tear-line), strict
recall (every letter and digit of the value's span inside a removal), must-keep words
over-removed (a removal overlaps the word and its replacement does not say it again).
"""

from __future__ import annotations

from share_pii_al import Doc, parse


def docs(half: str) -> list[Doc]:
    """AM (tune) or AN (frozen)."""
    return parse({"AM": AM, "AN": AN}[half])


AM = """\
=== S01 soutisho
送致書（窃盗）
被疑者　本籍　[[address:茨城県つくば市吾妻2丁目8番地]]
　　　　住居　[[address:東京都足立区西新井栄町1丁目12番7号コーポ栄203号室]]
　　　　職業　無職
　　　　氏名　[[name:鮫島 賢吾]]（[[dob:平成4年3月18日]]生、[[age:34]]歳）
犯罪事実　被疑者は、令和8年10月2日午後3時頃、{{足立区}}内の{{ドン・キホーテ}}西新井店において、{{ニンテンドースイッチ}}1台を窃取したものである。
送致番号 [[case:足立8-刑-1187]]　　{{東京地方検察庁}}検事正 殿
=== S02 soutisho
送致書（詐欺）
被疑者１　[[name:楪 玲奈]]（[[age:27]]）　住居　[[address:埼玉県草加市松原3-4-21]]
被疑者２　[[name:ファム・ヴァン・トゥアン]]（[[age:24]]）　ベトナム国籍　在留カード番号 [[id:AB12345678CD]]
犯罪事実　被疑者両名は共謀の上、{{メルカリ}}に架空の{{PlayStation 5}}を出品し、被害者 [[name:三ツ橋 宗一]]（[[age:51]]）から代金を詐取した。
証拠品　{{iPhone 15}} 1台（電話番号 [[phone:080-2231-9047]]）
=== S03 soutisho
送致書（傷害）
被疑者　氏名　[[name:閂 大和]]　昭和６１年１２月５日生（[[age:40]]歳）
　　　　住居　[[address:足立区綾瀬4丁目33番2号]]
被害者　氏名　[[name:宍戸 百合]]　住居　[[address:足立区綾瀬4丁目33番5号]]
犯罪事実　被疑者は、{{綾瀬駅}}東口の{{セブン-イレブン}}前路上において、被害者の顔面を手拳で殴打し、加療約2週間を要する傷害を負わせた。
参考人　[[name:Ｏ]]（[[age:16]]）高校生
=== S04 soutisho
事件送致書
事件番号　[[case:R8-足立-刑第0442号]]
被疑者　[[name:榎戸 ミサキ]]（通称「[[alias:アゲハ]]」）
生年月日　[[dob:1995年8月30日]]
住居不定（最終居所　[[address:荒川区南千住7-1-1-508]]）
連絡先として使用した電話　[[phone:070-5521-6093]]、メール [[email:ageha.0830@icloud.com]]
犯行の用に供した車両　{{ハイエース}}（[[plate:品川 300 さ 44-21]]）
=== S05 soutisho
送致書　別紙　関係者一覧
1 被疑者　[[name:百目鬼 剛]]　[[age:45]]歳　{{暴力団}}構成員
2 共犯者　[[name:轟木 翔太]]　[[age:22]]歳　住居 [[address:葛飾区堀切2-51-3]]
3 被害者　株式会社{{ヤマダ電機}}（代理人　店長 [[name:芦刈 恵介]]）
4 目撃者　[[name:ジャスミン・リー]]　[[age:31]]歳　英語教師
なお、{{警視庁}}{{組織犯罪対策部}}と連携して捜査した。
=== S06 soutisho
送致書（住居侵入・窃盗）
被疑者　[[name:樋爪 伸也]]（[[dob:S58.11.2]]生）
住居　[[address:足立区竹の塚6-9-14]]　目印 [[landmark:竹の塚第七公園の斜め前]]
被害場所　[[address:足立区竹の塚5-22-8]] 被害者方
被害品　{{ロレックス}}腕時計、{{ルイ・ヴィトン}}財布
押収品　マイナンバーカード（個人番号 [[mynumber:4829 1037 5562]]）
=== S07 soutisho
送致書（道路交通法違反）
被疑者　[[name:Kenji WATANABE]]（[[age:58]]）
住所　[[address:3-14-2 Umeda, Adachi-ku]]
運転免許証番号 [[id:第301912345670号]]
違反日時場所　令和8年11月3日　{{首都高速}}6号線 {{加平インター}}付近
車両 {{レクサス}} RX（[[plate:足立 531 め 77-01]]）
=== S08 soutisho
送致書（特殊詐欺・受け子）
被疑者　[[name:仁平 ゆうと]]（[[age:17]]）少年
保護者　父 [[name:仁平 孝]]　電話 [[phone:03-5681-2270]]
勧誘経路　{{Telegram}}（ユーザー名 [[handle:@kuro_usagi99]]）、{{シグナル}}
被害者　[[name:宇賀神 トメ]]（[[age:86]]）住居 [[address:足立区保木間3-18-6]]
被害金 現金200万円（{{みずほ銀行}}の封筒入り）
=== S09 soutisho
送致書添付　捜査報告書（抄）
捜査員　警部補 [[name:真壁 達也]]　巡査長 [[name:宍倉 彩]]
被疑者の勤務先　{{ヤマト運輸}}{{足立主管支店}}（社員番号 [[id:YT-0098812]]）
被疑者 [[name:碓氷 健]]（[[age:39]]）の供述によれば、{{LINE}}で指示役「[[alias:カミナリ]]」から連絡を受けた。
指示役の{{LINE}}ID [[handle:kaminari_0707]]
=== S10 soutisho
送致書（器物損壊）
被疑者　[[name:Ｔ・Ｋ]]（[[age:19]]）
被疑者は{{東京メトロ}}{{千代田線}}{{北綾瀬駅}}構内の{{ガチャピン}}のポスターを損壊した。
被疑者の父 [[name:小比類巻 隆]]（住居 [[address:足立区谷中2丁目4番11号]]、携帯 [[phone:090-6623-1184]]）
なお、{{足立区役所}}および{{東京都交通局}}に照会済み。
=== K01 kairanban
回覧板　令和8年12月　{{梅田七丁目}}町会
防犯パトロールのお知らせ
12月の夜回りは下記の班長さん宅に集合してください。
　１班 [[name:大場 キヨ]]様方（[[address:梅田7-3-12]]）
　２班 [[name:森嶋 修]]様方（[[address:梅田7-8-4]]、電話 [[phone:3887-4410]]）
{{西新井警察署}}の{{生活安全課}}からも参加があります。
=== K02 kairanban
回覧板
【訃報】当町会の [[name:佐久間 ヨシ]] 様（[[age:92]]歳）がご逝去されました。
通夜　12月8日18時　{{セレモアつくば}}{{西新井会館}}
喪主　長男 [[name:佐久間 一郎]] 様（[[address:足立区関原2-17-5]]）
=== K03 kairanban
回覧板　青少年対策委員会より
先日、{{関原不動}}付近で中学生に声かけ事案がありました。
不審者は [[age:50]]歳くらいの男性、灰色の{{ユニクロ}}のダウン、{{ママチャリ}}。
見かけた方は町会長 [[name:勅使川原 勇]]（[[phone:090-1185-3342]]）か {{110番}}へ。
=== K04 kairanban
回覧板　ごみ集積所についてのお願い
{{足立区}}清掃事務所からの連絡です。[[address:関原3丁目9番]]の集積所に粗大ごみ（{{ニトリ}}のソファ）が放置されています。
心当たりの方は班長 [[name:鷲見]]（[[address:関原3-9-21]] [[landmark:クリーニング白洋舎の2軒隣]]）まで。
=== K05 kairanban
回覧板　防災訓練のお知らせ
日時 1月19日（日）9時　場所 {{関原の森}}
担当 防災部長 [[name:榊原 千鶴子]]（[[email:chizuko.sakaki@jcom.zaq.ne.jp]]）
持ち物：{{ヘルメット}}、{{カンパン}}、{{ドラえもん}}の防災ずきん（お子さん）
=== K06 kairanban
回覧板　新しく入会された方のご紹介
[[address:梅田7-14-3]] に越してこられた [[name:ナワズ・アリ]] さんご一家（奥様 [[name:サラ]]さん、お子さん [[name:ハムザ]]くん [[age:6]]歳）
{{パキスタン}}のご出身で、{{イオン}}{{西新井店}}にお勤めです。
=== K07 kairanban
回覧板　空き巣被害が続いています
先週、[[address:梅田6丁目22番]]の [[name:石動]] さん宅（[[landmark:梅田小学校の裏門の向かい]]）で被害がありました。
{{ALSOK}}・{{セコム}}のステッカーも効果があるそうです。
{{西新井警察署}}　防犯係 [[name:沓掛]] 巡査部長 [[phone:03-3852-0110]]
=== K08 kairanban
回覧板　敬老会のご案内
今年喜寿を迎えられる方：[[name:上嶋 フサ]] 様、[[name:門馬 清]] 様（[[dob:昭和24年5月1日]]生）
会場 {{梅田地域学習センター}}　出演 {{足立区}}の{{阿波踊り}}連
=== K09 kairanban
回覧板　落とし物
{{西新井大師}}参道で{{ポケモン}}のキーホルダー付きの鍵を預かっています。
預かっている人　[[name:芹澤 ゆかり]]（[[address:梅田7-20-1-302]]　[[phone:080-3345-7720]]）
=== K10 kairanban
回覧板　町会費集金について
集金担当 [[name:日向野 孝子]]、副担当 [[name:ｲﾄｳ ﾏｻﾙ]]
振込先 {{ゆうちょ銀行}} 記号 [[account:10180]] 番号 [[account:28471931]] 名義 [[name:ヒガノ タカコ]]
お問合せ [[email:umeda7.kaikei@gmail.com]]
=== K11 kairanban
回覧板　見守りのお願い
一人暮らしの [[name:巌 サダ]] さん（[[age:88]]歳、[[address:梅田7-5-9]]、[[landmark:赤いポストのある角の平屋]]）が最近夜に外を歩いていることがあります。
見かけたら民生委員 [[name:糠谷]]（[[phone:090-7780-1126]]）へ。{{地域包括支援センター}}にも連絡済み。
"""

AN = """\
=== E01 email
From: Mark Devlin <m.devlin@harbourfreight-logistics.co.uk>
Subject: Re: suspicious consignment to Tokyo
Dear Inspector [[name:Kuroiwa]],
Further to our call, the pallet was booked by a Mr [[name:Shunsuke Iwabuchi]] (DOB [[dob:14 March 1981]]), delivery address [[address:2-7-19 Hanahata, Adachi-ku, Tokyo 121-0061]]. His mobile is [[phone:+81 90 4471 2289]].
The goods were declared as {{Makita}} power tools but X-ray at {{Felixstowe}} showed otherwise.
Kind regards, Mark
=== E02 email
From: Priya Nair (Trust & Safety, {{Instagram}})
Hello, regarding your request [[case:REQ-2026-11-4471]]: the account [[handle:@tokyo_night_rider_]] is registered to [[email:ryoma.h.1999@gmail.com]], phone [[phone:+81-80-6620-1937]], last login IP [[ip:126.114.55.203]] from {{Softbank}} Japan.
The display name on the account is "[[name:Ryoma H.]]". We have preserved the data under {{18 U.S.C. 2703(f)}}.
=== E03 email
Hi team,
One of our Japanese employees, [[name:Ms. Aoi Tsurumaki]], reported that her former partner [[name:Takuto Enomoto]] (about [[age:35]], works at a {{Toyota}} dealership) has been waiting outside her flat at [[address:Sunny Court #402, 4-11-3 Senju-Asahicho]]. She lives right behind the [[landmark:FamilyMart on the corner of Asahicho shopping street]].
Could your {{Kita-Senju}} office advise? — Laura Schmidt, HR, {{Siemens}} Japan
=== E04 email
Dear Sir/Madam,
I am writing from the Consulate of the Philippines. Our national, [[name:Maricel D. Bautista]] (passport no. [[id:P4471923B]]), aged [[age:29]], was reported missing by her sister [[name:Joy Bautista]] (tel. [[phone:+63 917 555 0143]]).
Her last known address in Japan: [[address:Adachi-ku Nishiarai 5-3-12-101]]. She worked at a {{Lawson}} near {{Nishiarai Daishi}}.
=== E05 email
Subject: Crypto exchange incident – wallet list
From: Sam Okafor, Security Lead, {{Coincheck}} partner desk
The withdrawals went to wallets controlled by a user registered as [[name:Yuto Kamiyama]], born [[dob:1998-02-27]], email [[email:y.kamiyama98@protonmail.com]].
KYC address: [[address:1-22-8 Kohoku, Adachi City]]. Withdrawal IP [[ip:2400:4051:9a2:1f00::3]]. Chain analysis by {{Chainalysis}} attached.
=== E06 email
Dear Officer [[name:Mizusawa]],
Thank you for meeting us at {{Tokyo Big Sight}}. As promised, the contact at our Osaka subsidiary is [[name:Hiroko Shimazaki]] ([[email:h.shimazaki@contoso-jp.com]], direct line [[phone:06-6341-8872]]).
She has handled the approach by the man calling himself "[[alias:Mr. Chen]]" who asked about our {{EUV}} lithography roadmap. Best, Anders Lindqvist, {{ASML}}
=== E07 email
From: Kim Ji-won <jiwon.kim@seoul-metro-police.go.kr>
Re: joint investigation
The suspect [[name:Park Min-jun]] ([[age:33]]) entered Japan via {{Haneda}} on 2 Nov. He stayed with [[name:Daisuke Ogiwara]] at [[address:Room 305, Rise Ayase, 3-8-1 Ayase]]. Ogiwara's LINE is [[handle:dai_ogi_0505]].
Please coordinate through {{Interpol}} channels.
=== E08 email
Hello,
This is the security desk at {{Amazon}} Japan. An order for 40 kg of {{ammonium nitrate}} fertiliser was placed by account holder [[name:Nobuhiro Sekiya]], ship-to [[address:Adachi-ku Shimane 3-9-22]], card ending [[card:4417]], phone [[phone:080 1129 4460]].
Customer ID [[id:A3KQ9Z2MX7]]. Regards, Jennifer Wu
=== E09 email
Dear colleagues,
Re: the {{Discord}} server "{{Adachi Drift Club}}": the owner account is [[handle:ghost_rider#7731]] (user ID [[id:884129457710293002]]), linked e-mail [[email:kaito.minami.ggg@yahoo.co.jp]].
The owner's real name appears to be [[name:Kaito Minami]], age [[age:19]], a student near {{Takenotsuka Station}}.
— Trust & Safety, {{Discord}} Inc.
=== E10 email
From: Olivia Grant <ogrant@gardaworld.com>
We escorted [[name:Mr. Kazuhiko Hanzawa]] (CEO) and his wife [[name:Emiko]] from {{Narita}} to their home in [[address:Higashi-Ikō 2-chōme 14-6]]. The house is [[landmark:the white three-storey house opposite Iko Hikawa Shrine]].
Driver: [[name:Tomasz Nowak]], car {{Toyota Alphard}} plate [[plate:足立 300 ら 12-34]].
=== D01 dm
[スクショ文字起こし／{{Instagram}} DM]
[[handle:mika__0312]]
今日{{渋谷}}の{{スクランブル交差点}}で会えない？
[[handle:mika__0312]]
あたし [[name:ミカ]]、[[age:16]]さい。{{LINE}}こっち→ [[handle:mika0312x]]
相手：いいよ、{{ハチ公}}前で
=== D02 dm
【OCR】X（旧{{Twitter}}）DM
ユーザー名 [[handle:@yami_shokunin]]　表示名 [[name:闇職人ﾀｹﾙ]]
「受け子1日5万。身分証送って」
送信者の返信「[[name:榊 健太郎]]です。{{運転免許証}}の写真送ります。住所 [[address:足立区新田3-35-1-1106]]」
=== D03 dm
[画像OCR]
{{TikTok}} メッセージ
[[handle:ren_ren_2009]] ▶ すいません、{{PayPay}}で送ったんですけど届いてないです
[[handle:ren_ren_2009]] ▶ 電話番号 [[phone:O8O-7712-3309]]（OCRでO）
相手 ▶ [[name:レン]]くん何歳？
[[handle:ren_ren_2009]] ▶ [[age:14]]です
=== D04 dm
[スクショ]{{LINE}}トーク画面
上部表示：[[name:たかし🐯]]
たかし🐯　例の{{ブツ}}は[[address:西新井本町4-8]]の[[landmark:コインランドリーの裏]]
自分　了解
たかし🐯　本名言うなよ。俺 [[name:小田切 崇]] な
=== D05 dm
【OCR】Facebook Messenger
[[name:Nguyen Thi Lan]]
chị ơi, em ở [[address:足立区伊興5-1-1 3O2号]]（OCR: 302）
[[name:Nguyen Thi Lan]]
仕事は{{ユニクロ}}の倉庫、電話 [[phone:O9O-4418-2275]]
=== D06 dm
[画像文字起こし／{{Snapchat}}]
[[handle:ichigo.milk.7]]: ねぇ[[name:ゆうな]]の家って{{竹ノ塚}}だっけ
[[handle:yuuna_0921]]: そう、[[landmark:竹の塚第二小の前のマンション]]
[[handle:ichigo.milk.7]]: 誕生日 [[dob:9/21]] だよね？{{サンリオ}}のやつあげる
=== D07 dm
【OCR】{{Discord}} DM スクショ
[[handle:shadow.kage]] — 今日 23:14
銃の作り方の{{PDF}}持ってる。{{3Dプリンター}}あればいける
[[handle:shadow.kage]] — 今日 23:15
俺 [[name:影山]]、[[address:草加市谷塚町]]に住んでる。[[age:17]]
=== D08 dm
[スクショOCR]{{Telegram}}
差出人 [[handle:@boss_777_tokyo]]
「[[name:オオタ]]、明日10時 {{北千住駅}}西口。[[name:マルイ]]の前じゃなくて{{ルミネ}}側」
添付：[[name:太田 翔]]名義の{{マイナンバーカード}}（番号 [[mynumber:3391 0428 7716]]）
=== D09 dm
【画像OCR】{{Instagram}}ストーリーへの返信
[[handle:aya.k_1011]]
「この人{{ヤバい}}」→ 添付画像に [[name:山ノ内 隼]]（[[age:24]]）の顔写真と
「家 [[address:足立区千住曙町2-1-14]]、{{Uber Eats}}の配達員」
=== D10 dm
[スクショ書き起こし] {{LINE}}オープンチャット「{{足立ママ友会}}」
[[name:ちひろ]]（[[handle:chihiro_m]]）：うちの子 [[name:陽翔]] 小3、{{ドラえもん}}のランドセルカバー
[[name:ちひろ]]：不審な車見た。{{プリウス}}の[[plate:足立 500 て 88-19]]
[[name:まゆ]]：[[address:竹の塚3丁目]]あたりよね？ [[phone:080-2204-6671]]に電話して
"""
