"""Phrase lists for the report lint (reportkit.quality), in English, Finnish, Hungarian, Turkish and Russian.

Plain data, written the way people type it: quality.py folds every entry with the same normaliser it applies
to the user's text (case, Turkish İ/ı, ё/е and other accents, apostrophes, punctuation), so "ÇALIŞMIYOR!!!",
"calismiyor" and "çalışmıyor" are one phrase. A multi-word entry matches a run of whole words.

Sources: the four support guides in the design seeds (the Russian satire's "всё совсем сломано", hidden ticket
numbers, "the grey printer"; the Hungarian checklist of identifiers; the Turkish "what works, what doesn't, what
changed") plus the everyday complaints support desks quote.
"""

from __future__ import annotations

# A description made only of these phrases (plus FILLER words) says nothing support can act on.
VAGUE_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "everything is broken",
        "everything's broken",
        "all broken",
        "it's broken",
        "broken",
        "is broken",
        "nothing works",
        "nothing is working",
        "nothing working",
        "it doesn't work",
        "doesn't work",
        "does not work",
        "don't work",
        "do not work",
        "isn't working",
        "is not working",
        "not working",
        "won't work",
        "stopped working",
        "doesn't work at all",
        "help",
        "help me",
        "please help",
        "need help",
        "internet is slow",
        "slow internet",
        "slow",
        "is slow",
        "very slow",
        "too slow",
        "laggy",
        "lagging",
        "is down",
        "down",
        "no internet",
        "problem",
        "problems",
        "issue",
        "issues",
        "error",
        "an error",
        "there is an error",
        "fails",
        "failing",
        "crashed",
        "dead",
        "something is wrong",
        "something wrong",
    ),
    "fi": (
        "kaikki on rikki",
        "kaikki rikki",
        "rikki",
        "on rikki",
        "mikään ei toimi",
        "ei mikään toimi",
        "mitään ei toimi",
        "ei toimi",
        "ei toimi ollenkaan",
        "ei toimi yhtään",
        "lakkasi toimimasta",
        "netti on hidas",
        "netti hidas",
        "hidas netti",
        "hidas",
        "on hidas",
        "hidasta",
        "tökkii",
        "apua",
        "auta",
        "auttakaa",
        "ongelma",
        "vika",
        "virhe",
        "ei nettiä",
        "netti ei toimi",
        "netti pätkii",
        "pätkii",
        "jumissa",
        "kaatui",
        "jokin on vialla",
    ),
    "hu": (
        "semmi sem működik",
        "semmi nem működik",
        "minden elromlott",
        "elromlott",
        "elromlott minden",
        "nem működik",
        "nem megy",
        "nem jó",
        "rossz",
        "lassú a net",
        "lassú az internet",
        "lassú a netem",
        "lassú",
        "lassan megy",
        "nincs net",
        "nincs internet",
        "leállt",
        "segítség",
        "segítsetek",
        "segítsen",
        "hiba",
        "hiba van",
        "probléma",
        "probléma van",
        "valami nem jó",
    ),
    "tr": (
        "her şey bozuk",
        "herşey bozuk",
        "hepsi bozuk",
        "bozuk",
        "bozuldu",
        "hiçbir şey çalışmıyor",
        "hiçbir şey çalışmıyo",
        "çalışmıyor",
        "çalışmıyo",
        "çalışmıyorlar",
        "internet yavaş",
        "internet çok yavaş",
        "yavaş internet",
        "yavaş",
        "çok yavaş",
        "internet yok",
        "internet gitti",
        "gitti",
        "yardım",
        "yardım edin",
        "imdat",
        "sorun",
        "sorun var",
        "hata",
        "hata var",
        "arıza",
        "arıza var",
        "bir sorun var",
    ),
    "ru": (
        "всё сломано",
        "все совсем сломано",
        "всё совсем сломалось",
        "всё сломалось",
        "сломано",
        "сломалось",
        "сломался",
        "сломалась",
        "ничего не работает",
        "не работает",
        "не работают",
        "вообще не работает",
        "перестало работать",
        "интернет тормозит",
        "тормозит интернет",
        "тормозит",
        "тормозит всё",
        "медленный интернет",
        "интернет медленный",
        "медленно",
        "медленный",
        "лагает",
        "глючит",
        "нет интернета",
        "пропал интернет",
        "упал",
        "упало",
        "помогите",
        "помогите пожалуйста",
        "помощь",
        "проблема",
        "ошибка",
        "что-то не так",
    ),
}

# Words that carry no specifics: articles, pronouns, greetings, intensifiers, time words, and generic nouns
# ("internet", "website", "the system"). A description is vague when nothing else is left besides a vague phrase.
FILLER: dict[str, str] = {
    "en": (
        "a an the my our your their it its this that these those i we me us you he she they is are was were be "
        "been being am has have had do does did just so really very totally completely all everything anything "
        "something nothing any more anymore again still now today right here there at in on of to for with and "
        "or but since morning yesterday tonight evening always all day please pls plz urgent urgently asap hi "
        "hello hey dear thanks thank help me internet net network wifi wi fi connection computer pc laptop "
        "system site website web page app thing stuff server service office home work again totally completely "
        "seems seem like kind of anyone someone somebody guys support"
    ),
    "fi": (
        "se ne tämä tuo on oli ovat ei en emme nyt taas jälleen tänään eilen aamusta aamulla illalla koko päivän "
        "kaikki mikään mitään mikä ihan täysin aivan yhtään ollenkaan tosi todella niin hirveän erittäin kiitos "
        "hei moi terve moikka pliis kiire kiireellinen heti minun meidän mun meillä meil mulla minulla netti "
        "nettiä netissä internet internetti nettiyhteys yhteys kone tietokone läppäri järjestelmä sivu sivusto "
        "nettisivu nettisivut sovellus palvelin toimistolla kotona ja tai mutta vielä jo enää täällä tässä "
        "jotain jokin joku"
    ),
    "hu": (
        "a az egy ez és is most már ma tegnap reggel reggel óta óta délután este egész nap mindig semmi sem "
        "minden teljesen nagyon borzasztóan iszonyat eléggé kérem kérlek sürgős sürgősen szia sziasztok helló "
        "hello jó napot köszönöm net netem internet internetem hálózat wifi gép gépem számítógép rendszer "
        "oldal weboldal honlap alkalmazás szerver kapcsolat van volt megint újra nálam nekem nálunk itt valami "
        "irodában otthon"
    ),
    "tr": (
        "bir bu şu o her şey hepsi çok aşırı fazla bayağı hiç hiçbir artık yine hala hâlâ bugün dün sabah "
        "sabahtan beri akşam hep lütfen acil merhaba selam teşekkürler internet internetim net ağ wifi bağlantı "
        "bağlantım bilgisayar bilgisayarım sistem site sayfa uygulama sunucu ve de da ki mi benim bizim bende "
        "bizde tamamen burada şimdi ofiste evde bir şey birşey"
    ),
    "ru": (
        "все всё совсем вообще ничего у меня нас мой моя моё наш наша это опять снова сегодня вчера утра утром "
        "с со вечером весь день сейчас уже пожалуйста срочно привет здравствуйте добрый день спасибо и а но или "
        "очень жутко ужасно сильно дико капец просто интернет инет сеть вайфай wifi компьютер комп ноут система "
        "сайт страница приложение сервер связь тут здесь вот ну так такой как-то что-то опять офисе дома"
    ),
}

# Slowness, for `slow-without-numbers` (matched as whole words after normalising; stems end in "*").
SLOW_WORDS: tuple[str, ...] = (
    # en
    "slow*",
    "lag",
    "lags",
    "laggy",
    "lagging",
    "sluggish",
    "takes forever",
    # fi
    "hida*",
    "hitaa*",
    "hitaus",
    "tökkii",
    "pätkii",
    # hu
    "lassú*",
    "lassan",
    "lassul*",
    "belassul*",
    "akadozik",
    "akadozó",
    # tr
    "yavaş*",
    "kasıyor",
    # ru
    "медлен*",
    "тормоз*",
    "лагает",
    "лаги",
    "виснет",
    "подвисает",
)

# Device nouns: naming one of these without make or model is `vague-device` ("the printer", "принтер").
# Printers and their kin only: "restarted the router" is common and the ISP usually knows its own router.
DEVICE_WORDS: tuple[str, ...] = (
    # en
    "printer*",
    "scanner*",
    "copier*",
    "copy machine",
    # fi
    "tulostin",
    "tulostim*",
    "skanneri*",
    "kopiokone*",
    # hu
    "nyomtató*",
    "szkenner*",
    "fénymásoló*",
    # tr
    "yazıcı*",
    "fotokopi*",
    # ru
    "принтер*",
    "сканер*",
    "ксерокс*",
    "копир",
    "копира",
    "копиром",
    "мфу",
)

# Colours people name devices by ("the grey one", "серый", "harmaa", "szürke", "gri").
COLOUR_WORDS: tuple[str, ...] = (
    "grey",
    "gray",
    "white",
    "black",
    "silver",
    "beige",
    "harmaa*",
    "valkoi*",
    "musta",
    "mustan",
    "hopea*",
    "szürke*",
    "fehér*",
    "fekete*",
    "ezüst*",
    "gri",
    "griyi",
    "grisi",
    "beyaz*",
    "siyah*",
    "gümüş*",
    "серый",
    "серая",
    "серое",
    "серого",
    "серому",
    "серым",
    "сером",
    "серенький",
    "серенькая",
    "белый",
    "белая",
    "белое",
    "белого",
    "черный",
    "черная",
    "черное",
    "черного",
    "серебристый",
    "серебристая",
)

# English colours are adjectives only: "the grey one" names a device, "grey" at the start of a sentence does not
# ("Black Friday sale …"). The other languages' colours also stand alone as nouns ("Серый не печатает").
COLOURS_NEED_NOUN: tuple[str, ...] = ("grey", "gray", "white", "black", "silver", "beige")

# After a colour these make it a name for a thing: "the grey one", "gri olan", "серый ящик".
ONE_WORDS: tuple[str, ...] = (
    "one",
    "ones",
    "thing",
    "box",
    "machine",
    "device",
    "laite",
    "laitteen",
    "kone",
    "koneen",
    "masiina",
    "gép",
    "gépet",
    "doboz",
    "eszköz",
    "olan",
    "kutu",
    "cihaz",
    "makine",
    "ящик",
    "штука",
    "штуковина",
    "коробка",
    "аппарат",
)

# Determiners before a colour used as a noun ("the grey doesn't print", "тот серый не печатает").
DETERMINERS: tuple[str, ...] = (
    "the",
    "that",
    "this",
    "our",
    "my",
    "se",
    "tuo",
    "tämä",
    "meidän",
    "a",
    "az",
    "ez",
    "o",
    "şu",
    "bu",
    "тот",
    "этот",
    "та",
    "эта",
    "наш",
    "мой",
    "ну",
    "такой",
)

# A colour followed by one of these describes what the user sees, not a device: "black screen", "белый экран".
SURFACE_WORDS: tuple[str, ...] = (
    "screen*",
    "page*",
    "window*",
    "light*",
    "led*",
    "text",
    "banner",
    "bar",
    "background",
    "box appears",
    "error",
    "ruutu*",
    "näyttö*",
    "sivu*",
    "ikkuna*",
    "valo*",
    "képernyő*",
    "oldal*",
    "ablak*",
    "fény*",
    "háttér*",
    "ekran*",
    "sayfa*",
    "pencere*",
    "ışık*",
    "экран*",
    "страниц*",
    "окн*",
    "фон*",
    "лампоч*",
    "индикатор*",
    "лист*",
)

# Makes: naming one in the text is as good as filling in service.device_make.
MAKES: tuple[str, ...] = (
    "brother",
    "hp",
    "hewlett packard",
    "canon",
    "epson",
    "lexmark",
    "xerox",
    "kyocera",
    "ricoh",
    "konica",
    "minolta",
    "sharp",
    "oki",
    "samsung",
    "dell",
    "lenovo",
    "apple",
    "asus",
    "acer",
    "tp link",
    "tplink",
    "netgear",
    "zyxel",
    "huawei",
    "zte",
    "fritz",
    "fritzbox",
    "avm",
    "linksys",
    "cisco",
    "ubiquiti",
    "mikrotik",
    "keenetic",
    "xiaomi",
    "sagemcom",
    "technicolor",
    "nokia",
    "d link",
    "dlink",
    "mercusys",
    "tenda",
)

# Passwords, PINs and other secrets: no word list here. The lint asks the one detector redaction uses
# (reportkit.secrets, vocabulary in reportkit/secrets/words.py).

# The text refers to an earlier report: support wants its ticket number.
EARLIER_REPORT: tuple[str, ...] = (
    # en
    "i reported",
    "we reported",
    "already reported",
    "reported earlier",
    "reported before",
    "reported this",
    "reported it",
    "reported last",
    "last week i reported",
    "already wrote",
    "i wrote to you",
    "already called",
    "i called you",
    "earlier ticket",
    "previous ticket",
    "my ticket",
    "the ticket",
    "your ticket",
    "ticket",
    "case number",
    "support case",
    "same problem as before",
    "as i said before",
    # fi
    "aiemmin",
    "aikaisemmin",
    "ilmoitin jo",
    "olen jo ilmoittanut",
    "ilmoitimme",
    "soitin jo",
    "kirjoitin jo",
    "tiketti*",
    "tukipyyntö*",
    "tukipyynnö*",
    "vikailmoitu*",
    # hu
    "korábban",
    "már jeleztem",
    "jeleztem",
    "bejelentettem",
    "már írtam",
    "már hívtam",
    "hibajegy*",
    "jegyszám*",
    "bejelentés szám*",
    # tr
    "daha önce",
    "bildirmiştim",
    "bildirdim",
    "zaten bildirdim",
    "geçen hafta bildirdim",
    "yazmıştım",
    "aramıştım",
    "talep numara*",
    "destek talebi*",
    "kayıt numara*",
    # ru
    "уже писал",
    "уже писала",
    "уже писали",
    "уже обращался",
    "уже обращалась",
    "уже обращались",
    "уже звонил",
    "уже звонила",
    "заявк*",
    "тикет*",
    "номер обращения",
)
