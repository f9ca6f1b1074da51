"""Word lists and tables for the redaction and anonymisation rules (data only, no logic)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- labels that announce a secret ------------------------------------------------------------------------------------
# Lower-case spellings; a space or hyphen inside a label also matches the other one (and nothing: "pincode").
# Each maps to (kind, possessive). A possessive label ("my password", "jelszavam") may be followed by the value after
# plain whitespace; the others need a separator (":", "=", "is", "on", "—" …).
PASSWORD_LABELS: dict[str, tuple[str, bool]] = {
    # English
    "password": ("password", False),
    "passwd": ("password", False),
    "pwd": ("password", False),
    "pass": ("password", False),
    "passphrase": ("password", False),
    "my password": ("password", True),
    "my pass": ("password", True),
    "credentials": ("secret", False),
    "credential": ("secret", False),
    "creds": ("secret", False),
    # Finnish
    "salasana": ("password", False),
    "salasanani": ("password", True),
    "tunnussana": ("password", False),
    "tunnussanani": ("password", True),
    # Hungarian
    "jelszó": ("password", False),
    "jelszo": ("password", False),
    "jelszava": ("password", False),
    "jelszavam": ("password", True),
    # Turkish
    "şifre": ("password", False),
    "şifrem": ("password", True),
    "şifresi": ("password", True),
    "sifre": ("password", False),
    "sifrem": ("password", True),
    "sifresi": ("password", True),
    "parola": ("password", False),
    "parolam": ("password", True),
    # Russian
    "пароль": ("password", False),
    "мой пароль": ("password", True),
    # German
    "passwort": ("password", False),
    "kennwort": ("password", False),
    "mein passwort": ("password", True),
    "mein kennwort": ("password", True),
    # PINs
    "pin": ("pin", False),
    "pin code": ("pin", False),
    "pin number": ("pin", False),
    "pin nummer": ("pin", False),
    "passcode": ("pin", False),
    "my pin": ("pin", True),
    "my pin code": ("pin", True),
    "pin koodi": ("pin", False),
    "pin koodini": ("pin", True),
    "tunnusluku": ("pin", False),
    "tunnuslukuni": ("pin", True),
    "pin kód": ("pin", False),
    "pin kod": ("pin", False),
    "pin kodu": ("pin", False),
    "pin kodum": ("pin", True),
    "pin код": ("pin", False),
    "пин": ("pin", False),
    "пин код": ("pin", False),
    "мой пин": ("pin", True),
    "мой пин код": ("pin", True),
}

# Words after which a long random token is a secret (generic `secret` kind) when a separator follows.
SECRET_LABELS = ("secret", "secrets", "token", "key", "auth", "authorization")

# An alphanumeric word glued to the front of a label that still makes it a label ("apikey", "dbpassword").
LABEL_PREFIXES = _words(
    "api access secret private client app master license licence product encryption signing auth account shared "
    "subscription service admin session root sas refresh bearer id csrf xsrf github gitlab slack bot user oauth "
    "personal db mysql postgres redis smtp mail wifi default new old current initial login my your our bind ldap "
    "proxy router vpn"
)

# Suffixes glued to a password label that keep it a password ("password_confirmation", "pwd_hash").
LABEL_SUFFIXES = ("new", "old", "confirm", "confirmation", "again", "repeat", "hash", "salt")

# Possessive words in front of a label ("my password X" / "мой пароль X").
POSSESSIVE_WORDS = ("my", "мой", "mein", "meine", "our", "наш", "minun", "benim", "az én")

# Prepositions that may sit between a label and its separator: "password for the portal: X".
GAP_WORDS = ("for", "to", "of", "on", "at", "für", "von", "zum", "zur", "от", "для", "к", "на")

# Words that follow "password is" / "salasana on" / "пароль —" without being the password.
STOPWORDS = _words(
    """
    not no wrong incorrect invalid expired correct right ok okay fine the a an my your his her our their its this that
    these those it being been be still also now already required needed missing empty blank too very changed reset
    rejected accepted saved stored sent set same different long short weak strong ignored unknown locked blocked
    disabled enabled definitely probably always never only just hidden visible shown written known forgotten lost in
    on at for to and or but which what there here working valid case-sensitive mandatory optional protected encrypted
    hashed shared updated new old current temporary default none null unset n/a na requested asked
    väärä oikea vanhentunut ei sama vaihdettu unohtunut kadonnut hukassa lukittu tyhjä liian voimassa myös nyt jo se
    tämä vanha uusi oikein väärin pakollinen
    nicht falsch richtig abgelaufen korrekt ungültig gültig geändert zurückgesetzt gesperrt leer zu das der die ein
    eine noch schon auch jetzt immer bekannt vergessen neu alt
    не неверный неправильный верный правильный устарел истёк истек сброшен изменён изменен заблокирован пустой тот же
    такой это был была было уже тоже всё все правильно неправильно верно неверно от для к на
    yanlış doğru hatalı geçersiz değil süresi aynı boş kilitli değişti unuttum bu şu da de ile eski yeni
    nem rossz hibás helyes lejárt jó üres zárolva ugyanaz is az egy régi új
    """
)

# Values that only stand in for a password (never count them as one).
PLACEHOLDERS = _words(
    "null none nil undefined true false yes no n/a na - -- <none> <empty> <hidden> <redacted> (hidden) (none) "
    "hidden redacted masked xxx xxxx"
)

QUOTES = {'"': '"', "'": "'", "`": "`", "«": "»", "“": "”", "„": "“", "‘": "’", "”": "”"}

# -- IBAN -------------------------------------------------------------------------------------------------------------
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
    "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25,
    "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

# -- anonymisation ----------------------------------------------------------------------------------------------------
# Top-level domains a host name may end in. Deliberately not every TLD: ".py", ".sh", ".md", ".rs", ".zip" … are
# far more often file names than hosts, and an unknown ending leaves the word alone.
TLDS = _words(
    """
    com net org info biz edu gov mil int arpa io co cloud online site shop store tech xyz eu asia app dev page
    fi de hu tr ru uk us fr se no dk ee lv lt nl be at ch it es pt ie cz sk si hr ro bg gr ua by kz jp cn kr au nz ca
    br mx ar za il ae sa sg hk tw pl rs me in is
    example test invalid localhost local lan home internal localdomain corp intranet
    """
)
# Country and generic endings that are also common words or file extensions: only with three or more labels.
AMBIGUOUS_TLDS = _words("io co app dev page pl rs me in is it at be no se de ch us")
# Endings that name a local network rather than an owner: kept, only the labels in front are replaced.
LOCAL_SUFFIXES = ("home.arpa", "local", "lan", "home", "internal", "localdomain", "intranet")
# Second-level public suffixes under a country code ("example.co.uk").
SECOND_LEVEL = _words("co com net org gov ac edu ltd plc or ne go")
# Public services whose names say nothing about the user; left as they are.
PUBLIC_DOMAINS = _words(
    """
    google.com googleapis.com gstatic.com youtube.com cloudflare.com cloudflare-dns.com one.one.one.one github.com
    githubusercontent.com gitlab.com microsoft.com windows.com windowsupdate.com office.com live.com apple.com
    icloud.com ubuntu.com canonical.com debian.org fedoraproject.org mozilla.org mozilla.net python.org pypi.org
    letsencrypt.org quad9.net opendns.com akamai.net akamaiedge.net fastly.net wikipedia.org nginx.org apache.org
    wordpress.org php.net
    """
)

# Accounts that exist on every machine: not private, never replaced.
SYSTEM_USERS = _words(
    """
    root daemon bin sys sync games man lp mail news uucp proxy www-data backup list irc gnats nobody messagebus syslog
    avahi avahi-autoipd colord cups-pk-helper dnsmasq gdm geoclue gnome-initial-setup hplip kernoops lightdm pulse
    rtkit saned speech-dispatcher sshd tss usbmux whoopsie fwupd-refresh polkitd postfix postgres mysql redis nginx
    apache httpd chrony ntp dbus uuidd tcpdump landscape pollinate lxd snap_daemon system local service network
    administrator default public shared guest defaultuser0 wdagutilityaccount ubuntu ec2-user admin centos debian
    fedora azureuser pi vagrant user test users home all
    """
)

# Public resolvers and anchors everyone uses: they say nothing about the user, and support wants to see them.
PUBLIC_IPS = _words(
    """
    1.1.1.1 1.0.0.1 8.8.8.8 8.8.4.4 9.9.9.9 149.112.112.112 208.67.222.222 208.67.220.220 94.140.14.14 94.140.15.15
    2606:4700:4700::1111 2606:4700:4700::1001 2001:4860:4860::8888 2001:4860:4860::8844 2620:fe::fe 2620:fe::9
    """
)
