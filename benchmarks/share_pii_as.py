"""Held-out family AS–AT for ``share_pii.py`` (written by hand 2026-12-06 15:47 UTC by pii24,
before any change of the twenty-fourth round and before its texts were run through the
tear-line; measured on pii23's code first). **AS is the round's tune half** (its misses may be
listed); **AT is frozen**: run at the round's start and once at its end, its misses never
listed (``--show-misses`` skips it).

Styles no earlier family used, split by style, never by item:

AS hotel and ryokan guest registers (宿泊者名簿, an English registration card, a night
  auditor's list), rental-car contracts (貸渡証, an English rental agreement) and chat exports
  of a neighbourhood group with Chinese and Korean residents (LINE / WeChat / KakaoTalk,
  Japanese, Chinese and Korean mixed);
AT hospital admission notes (入院時記録, an ER triage note in English), school contact trees
  (連絡網, a class's parent list), moving-company orders (引越し見積・作業指示書) and consular /
  visa-support letters (招へい理由書, 身元保証書, a letter of invitation).

Values are marked in place, ``[[kind:value]]``; words that must stay (firms Japanese and
foreign, brands, places, offices, works) ``{{word}}``. Gold as AK–AR: a label before a number
is no part of it, an honorific at a name's edge is not asked for, nor 生 after a date of
birth; a partner's own signature is marked neither way. Scored as AK–AR (lenient recall,
strict recall, must-keep words over-removed).
"""

from __future__ import annotations

from share_pii_al import Doc, parse


def docs(half: str) -> list[Doc]:
    """AS (tune) or AT (frozen)."""
    return parse({"AS": AS, "AT": AT}[half])


AS = """\
=== H01 register
宿泊者名簿（{{旅館 松乃井}} {{鬼怒川温泉}}）12/4 チェックイン
代表者氏名 [[name:嘉手苅 慎之介]] 様　ご住所 [[address:千葉県松戸市常盤平3-18-9]]
お電話 [[phone:047-385-2219]]　ご同伴 3名（大人2・子供1）
同伴者：[[name:嘉手苅 志保]]、[[name:嘉手苅 湊]]（[[age:5]]歳）
車両番号 [[plate:習志野 501 わ 83-07]]　夕食 18:30 部屋食
=== H02 register
Guest Registration Card — {{Hotel Gracery Shinjuku}}
Room 1214 / Arrival 03 DEC / Departure 06 DEC
Surname: [[name:PETROVA]]  Given name: [[name:Anastasia]]
Nationality: {{Bulgaria}}  Passport No.: [[id:382194756]]
Home address: [[address:ul. Rakovski 112, 1000 Sofia]]
Mobile: [[phone:+359 88 412 7730]]  E-mail: [[email:a.petrova@abv.bg]]
Signature: ______
=== H03 register
ナイトオーディット 在館者リスト（{{東横INN}}竹ノ塚駅前）
| 室 | 氏名 | 人数 | 備考 |
| 305 | [[name:ZHANG Wei]] | 1 | 連泊3日目 |
| 412 | [[name:Park Minseo]] | 2 | 同室 [[name:Lee Dohyun]] |
| 508 | [[name:蔵本 武志]] | 1 | 清掃不要の札、2日間外出なし |
{{竹の塚警察署}}より照会あり（305号室の宿泊者について）。
=== H04 register
民泊 宿泊者名簿（{{Airbnb}}経由、{{葛飾区}}立石）
ゲスト：[[name:Nguyen Thi Mai]]（ベトナム）、旅券番号 [[id:C4821937]]
同行者：[[name:Tran Quoc Bao]]、[[name:Le Van Khoa]]
前泊地：[[address:大阪市浪速区日本橋4-11-6]]
予約確認コード [[id:HMQ4T7ZX2B]]、ホスト連絡用LINE [[handle:tateishi_stay]]
=== R01 rental
貸渡証（{{トヨタレンタカー}} {{北千住駅}}前店）
貸渡番号 [[id:TR-2612-04418]]
借受人 [[name:仲宗根 隼]]　生年月日 [[dob:1991.9.27]]
免許証番号 [[id:301905228416]]　住所 [[address:足立区千住旭町27-3-905]]
車両 {{プリウス}} [[plate:足立 300 れ 12-84]]　出発 12/1 9:00 → 返却 12/3 18:00
追加運転者 [[name:仲宗根 真由]]
=== R02 rental
Rental Agreement — {{Nippon Rent-A-Car}} Narita Airport
Agreement No. [[id:NRC-88120417]]
Renter: [[name:Carlos Eduardo Mendes]]  DOB [[dob:14/02/1983]]
International Driving Permit [[id:BR-7734091]]
Local address: [[address:Hotel Nikko Narita, 500 Tokko, Narita]]
Phone: [[phone:+55 11 98432 7710]]
Vehicle: {{Toyota}} {{Corolla}} plate [[plate:成田 500 わ 17-33]]
=== R03 rental
カーシェア 利用履歴（{{タイムズカー}}）照会回答
会員番号 [[id:TC-00774193]]　会員氏名 [[name:ユン・ソヨン]]（[[name:尹 素妍]]）
登録住所 [[address:新宿区大久保2-7-14 メゾン大久保 302]]
利用 11/29 01:12〜03:40 {{新大久保駅}}ステーション
登録カード名義 [[name:SOYEON YUN]]
=== C01 chat
[LINE] {{西新井}}三丁目 防犯グループ
19:02 [[name:小此木 瑞穂]]: 公園の前にまた同じ白いバンが停まってます
19:04 [[name:王 建国]]: 我看到了，车牌是[[plate:足立 400 す 71-62]]
19:05 [[name:小此木 瑞穂]]: 王さんありがとう！
19:07 [[name:박지훈]]: 저도 봤어요. 어제 밤 11시쯤
19:09 [[name:王 建国]]: 司机是男的，大概[[age:40]]岁
=== C02 chat
[WeChat] 竹ノ塚 中国人住民群
[[name:刘 洋]]: 大家好，我家在[[address:足立区竹の塚5-14-2]]，昨天晚上有人敲门
[[name:陈静]]: 我也是！那个人说是{{NHK}}的
[[name:刘 洋]]: 他留了电话 [[phone:090-7713-2250]]
[[name:陈静]]: 我已经告诉{{竹の塚警察署}}了
=== C03 chat
[KakaoTalk] 新大久保 상인회
[[name:김민준]]: 오늘 가게 앞에 이상한 사람이 있었어요
[[name:최서연]]: 혹시 그 사람 이름이 [[name:다나카]]라고 했어요?
[[name:김민준]]: 네, 전화번호 [[phone:080-5521-0073]] 남겼어요
[[name:최서연]]: {{신주쿠 경찰서}}에 신고합시다
=== C04 chat
[LINE] 保育園 ひまわり組 保護者
[[name:Wang Fang]]: 明天[[name:小雨]]请假，发烧了
[[name:宇江城 さくら]]: お大事に！ プリントは[[name:宇江城]]が預かっておきます
[[name:Wang Fang]]: 谢谢！ 我的新号码是 [[phone:070-2298-6614]]
"""

AT = """\
=== M01 admission
入院時記録（{{東京女子医科大学附属足立医療センター}} 救命救急センター）
患者氏名 [[name:我如古 清栄]]　性別 男　年齢 [[age:78]]
生年月日 [[dob:S23.4.2]]　ID [[id:0048812273]]
住所 [[address:足立区江北4-21-7-203]]
キーパーソン：長女 [[name:比屋根 朋子]]（[[phone:090-6632-1185]]）
主訴：自宅で転倒。近隣の方（[[name:与座]]さん）が発見し119番通報。
=== M02 admission
ED triage note — {{St. Luke's International Hospital}}
Patient: [[name:Hyun-woo Cho]], [[age:34]] M, MRN [[id:SL-4418207]]
Brought in by friend [[name:Jiho Bae]] ([[phone:+82 10 7713 2906]])
Lives at [[address:Tsukishima 3-14-9-601, Chuo-ku]]
Insurance: {{Samsung Fire}} travel policy [[id:TRV-2026-118830]]
Police ({{Tsukishima Police Station}}) notified: assault near {{Ginza}}.
=== M03 admission
医療ソーシャルワーカー 面談記録
対象：[[name:黄 秀英]]（[[name:コウ シュウエイ]]）、[[age:45]]歳、中国籍
夫 [[name:林 志明]]からの暴力を訴え。子 [[name:林 佳怡]]（[[age:9]]）は学童。
避難先：[[address:江戸川区平井6-30-1]]の友人宅
{{江戸川区役所}}女性相談窓口へ連絡済み。
=== S01 tree
3年2組 緊急連絡網（{{足立区立千寿小学校}}）
担任（{{千寿小}}職員室）→ [[name:豊見城]]（[[phone:03-3881-4402]]）→ [[name:Silva]]（[[phone:080-9012-4471]]）→ [[name:喜屋武]]（[[phone:090-3390-7714]]）
[[name:Silva]]さんが不在のときは [[name:Maria Silva]]さんの携帯へ直接。
=== S02 tree
クラス保護者名簿（{{ひばりヶ丘中学校}} 1年A組）
| 出席番号 | 生徒 | 保護者 | 連絡先 |
| 7 | [[name:具志 陽葵]] | [[name:具志 達也]] | [[phone:080-4451-2290]] |
| 8 | [[name:Chen Yuhan]] | [[name:陈 丽]] | [[phone:070-6613-0845]] |
| 9 | [[name:Kang Seoah]] | [[name:강 민호]] | [[phone:090-1174-5528]] |
=== V01 moving
引越し作業指示書（{{サカイ引越センター}} {{足立支社}}）
お客様 [[name:当銘 和彦]] 様　見積No. [[id:SK-26-118204]]
旧居 [[address:足立区梅島2-33-15 グリーンハイツ 201]] → 新居 [[address:埼玉県草加市谷塚1-8-3]]
作業日 12/12 8:00〜　連絡先 [[phone:080-2211-9034]]
備考：ピアノ（{{ヤマハ}}）あり、[[name:当銘]]様の母（[[age:82]]）同居
=== V02 moving
Moving order — {{Nippon Express}} Relocation
Customer: [[name:Ingrid Johansson]]  Ref [[id:NX-REL-440921]]
Origin: [[address:Hiroo 2-4-11-803, Shibuya-ku]]
Destination: [[address:Storgatan 18, 114 55 Stockholm]]
Contact: [[phone:+46 70 123 45 67]] / [[email:ingrid.johansson@telia.se]]
=== V03 moving
単身パック 依頼メモ（{{日本通運}}）
依頼者：[[name:ラジ・シャルマ]]（[[name:Raj Sharma]]）
現住所：[[address:江戸川区西葛西6-15-2-1104]]
勤務先：{{タタ・コンサルタンシー}}
支払：カード名義 [[name:RAJ SHARMA]]
=== L01 consular
招へい理由書
在{{中華人民共和国}}日本国大使館 御中
招へい人 [[name:砂辺 光男]]（住所 [[address:東京都葛飾区堀切3-41-6]]、電話 [[phone:03-3697-2215]]）は、
査証申請人 [[name:WU Jianhua]]（[[name:吴 建华]]、旅券番号 [[id:EA4417802]]）を観光のため招へいします。
申請人との関係：妻 [[name:砂辺 麗]]の兄
=== L02 consular
Letter of Invitation — to the Embassy of Japan in {{Manila}}
I, [[name:Takumi Kakazu]], residing at [[address:2-18-5 Ukima, Kita-ku, Tokyo]], invite my fiancée
[[name:Maria Cristina Dela Cruz]] (Passport [[id:P4418203A]], born [[dob:1995-06-21]]) to visit Japan.
I will cover all expenses. Contact: [[phone:+81 90 5512 3847]], [[email:t.kakazu@outlook.jp]].
=== L03 consular
身元保証書
外国人の氏名 [[name:NGUYEN Duc Anh]]（国籍 {{ベトナム}}）
保証人 氏名 [[name:瑞慶覧 秀樹]]　生年月日 [[dob:1968.11.30]]
住所 [[address:足立区花畑7-2-11]]　職業 会社員（{{日立製作所}}）
本人との関係：雇用主
"""
