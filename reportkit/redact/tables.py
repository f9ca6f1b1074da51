"""Word lists for anonymisation (data only, no logic); the secret vocabulary is `reportkit.secrets.words`. Also the
texts redaction shows people (MESSAGES: catalog context "redact.<key>")."""

from __future__ import annotations

from reportkit.messages import Plural, Template

# -- what redaction says ----------------------------------------------------------------------------------------------
# The marker put in place of a secret, `[REDACTED:kind]`, is not here: it is a code, the same in every language (the
# text around it is the user's; the lint, a second redaction run and support's tools find it by its spelling).
MESSAGES: dict[str, Template] = {
    # a removed secret in the preview: {head} its first two characters (only of a long one), {count} its length
    "preview": Plural("{head}…({count} char)", "{head}…({count} chars)", n="count"),
    # names of the kinds of secrets (reportkit.secrets.describe); {service}: a provider's name ("GitHub")
    "kind.password": "password",
    "kind.pin": "PIN",
    "kind.private-key": "private key",
    "kind.url-credentials": "password in a URL",
    "kind.bearer-token": "bearer token",
    "kind.card-number": "card number",
    "kind.iban": "IBAN",
    "kind.aws-secret": "AWS secret key",
    "kind.azure-key": "Azure key",
    "kind.secret": "secret",
    "kind.email": "e-mail address",
    "kind.service-webhook": "{service} webhook URL",
    "kind.service-token": "{service} token",
    "kind.service-key": "{service} key",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
