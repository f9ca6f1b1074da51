"""Ordinary support text in the five product languages: no secret, but shapes a careless detector would take for one.

Every line must come out of redaction unchanged. Placeholders in a template are filled from a seeded Random:
{ver} version, {date}, {ip}, {ticket}, {order}, {n} small number, {year}, {h40} a commit hash, {uuid} a request id,
{phone_fi|hu|tr|ru|en} a phone number, {serial}.
"""

from __future__ import annotations

import random
import uuid

# Verbatim lines from the false-positive list of issue 9 and their relatives (label words followed by non-secrets,
# references, placeholders, file keys, words containing a token prefix, URLs with "@").
FIXED: tuple[tuple[str, str], ...] = (
    ("en", "Password: (I did not change it)"),
    ("en", "require password on wake is switched on"),
    ("en", "credentials: new AWS account, not set up yet"),
    ("en", "S3 object key: uploads/report-2024.pdf"),
    ("en", "bucket_key: SalesResults-1.2"),
    ("en", "db_password = var.db_password"),
    ("en", "password: ${DB_PASS}"),
    ("en", "token: <your-token>"),
    ("en", "PuttyPassword=0"),
    ("en", "The image 2023-06-cat-xoxo-indieweb-1.jpg does not load"),
    ("en", "It redirects to https://host:8000/@x and then nothing"),
    ("en", "password: ********"),
    ("en", "API key: (the one from the admin page)"),
    ("en", "token expired at 10:32 and the app did not refresh it"),
    ("en", "Password field is empty after the update"),
    ("en", "My password is not accepted any more."),
    ("en", "The password is wrong, the app says."),
    ("en", "PIN: not asked"),
    ("en", "secret_name: prod-db-credentials"),
    ("en", "api_version: 2024-04-01"),
    ("en", "key_id: default"),
    ("en", "public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 anna@laptop"),
    ("en", "password=%PASSWORD%"),
    ("en", "password: {{ vault_db_password }}"),
    ("en", "Authorization: Bearer <token>"),
    ("en", "export GITHUB_TOKEN=$(cat ~/.config/gh/token)"),
    ("en", "password manager: Bitwarden"),
    ("en", "Set-Cookie: theme=dark; path=/"),
    ("en", "sha256:4f5e9c7a1d0b3e2f8a6c4b2d0e9f7a5c3b1d9e7f5a3c1b0d8e6f4a2c0b9d7e5f3 is the image digest"),
    ("en", "https://example.com/search?q=password+reset&page=2"),
    ("fi", "Salasana: (en vaihtanut sitä)"),
    ("fi", "salasanan vaihto ei onnistu"),
    ("fi", "PIN-koodi kysytään kahdesti"),
    ("fi", "Salasana on väärä, vaikka kirjoitin sen oikein."),
    ("fi", "salasana: <oma salasanasi>"),
    ("hu", "Jelszó: (nem változtattam meg)"),
    ("hu", "A jelszó hibás, pedig jól írtam be."),
    ("hu", "jelszókezelő: Bitwarden"),
    ("hu", "A PIN kód nem jó."),
    ("tr", "Şifre: (değiştirmedim)"),
    ("tr", "Şifre yanlış diyor ama doğru yazdım."),
    ("tr", "şifre yöneticisi kullanıyorum"),
    ("tr", "PIN kodu kabul edilmiyor."),
    ("ru", "Пароль: (я его не менял)"),
    ("ru", "Пароль неверный, хотя я ввёл правильно."),
    ("ru", "сброс пароля не приходит на почту"),
    ("ru", "ПИН-код от карты не подходит"),
)

TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": (
        "Updated to version {ver} on {date}, the problem started after that.",
        "Ticket #{ticket} is still open.",
        "Order number ORD-{order} was charged twice.",
        "Call me at {phone_en} after 4 pm.",
        "The file uploads/report-{year}.pdf does not open.",
        "The router is at {ip}, ping time={n} ms.",
        "Build {year}.05.{order} failed on commit {h40}.",
        "Request ID: {uuid}",
        "Windows 11 23H2 build 22631.{n}{n}",
        "Chrome {ver} shows a blank page.",
        "Serial number {serial}, bought in {year}.",
        "Error 0x80070005: access denied when saving to C:\\Users\\anna\\Documents\\{year}.xlsx",
        "Invoice {year}-{order} is missing from the portal.",
        "I reset my password on {date} but the login still fails.",
        "The token expired after {n} minutes.",
        "Port 8443 is open, 443 is closed.",
        "Meeting at {date} 14:30, room {n}.",
        "Password prompt appears {n} times in a row.",
        "The key on my keyboard (the F{n} key) does nothing.",
        "It failed at step {n} of 7.",
        "My customer number is {order}.",
        "The printer says: paper jam in tray {n}.",
    ),
    "fi": (
        "Päivitin version {ver} {date}, sen jälkeen ongelma alkoi.",
        "Tiketti #{ticket} on yhä auki.",
        "Tilausnumero {order} veloitettiin kahdesti.",
        "Soita numeroon {phone_fi} iltapäivällä.",
        "Tiedosto uploads/raportti-{year}.pdf ei aukea.",
        "Reitittimen osoite on {ip}, vasteaika {n} ms.",
        "Asiakasnumeroni on {order}.",
        "Virhekoodi 0x8007{n}{n}{n}{n} tulee joka kerta.",
        "Vaihdoin salasanan {date}, mutta kirjautuminen ei silti onnistu.",
        "Tulostin ilmoittaa: paperitukos lokerossa {n}.",
        "Sarjanumero {serial}, ostettu vuonna {year}.",
        "Pyynnön tunnus: {uuid}",
        "Yhteys katkeaa noin {n} minuutin välein.",
        "Lasku {year}-{order} puuttuu.",
        "Salasanakenttä on tyhjä päivityksen jälkeen.",
        "Kokeilin selaimella Firefox {ver}.",
        "Tapahtui {date} klo 9.15.",
        "Ohjelma kaatuu vaiheessa {n}.",
        "Wlan-verkon nimi on Koti-{n}{n}.",
        "Modeemin valot vilkkuvat {n} kertaa.",
        "Sovellus kysyy PIN-koodia {n} kertaa.",
        "Versio {ver} toimi vielä hyvin.",
    ),
    "hu": (
        "Frissítettem a {ver} verzióra ({date}), azóta nem működik.",
        "A #{ticket} számú jegy még mindig nyitva van.",
        "Rendelésszám: {order}, kétszer terhelték.",
        "Hívjon a {phone_hu} számon délután.",
        "Az uploads/jelentes-{year}.pdf fájl nem nyílik meg.",
        "A router címe {ip}, a ping {n} ms.",
        "Az ügyfélszámom {order}.",
        "Hibakód: 0x8007{n}{n}{n}{n}",
        "{date}-án megváltoztattam a jelszót, de a belépés most sem megy.",
        "A nyomtató azt írja: papírelakadás a {n}. tálcában.",
        "Sorozatszám: {serial}, {year}-ben vettem.",
        "Kérés azonosító: {uuid}",
        "A kapcsolat kb. {n} percenként megszakad.",
        "A {year}-{order} számla hiányzik.",
        "A jelszó mező üres a frissítés után.",
        "Firefox {ver} böngészővel próbáltam.",
        "{date} 9:15-kor történt.",
        "A program a {n}. lépésnél lefagy.",
        "A wifi neve Otthon-{n}{n}.",
        "A modem lámpája {n}-szer villog.",
        "A PIN kódot {n}-szer kéri.",
        "A {ver} verzió még jól működött.",
    ),
    "tr": (
        "{date} tarihinde {ver} sürümüne güncelledim, sorun o zaman başladı.",
        "#{ticket} numaralı talep hâlâ açık.",
        "Sipariş numarası {order} iki kez tahsil edildi.",
        "Öğleden sonra {phone_tr} numarasından arayın.",
        "uploads/rapor-{year}.pdf dosyası açılmıyor.",
        "Modemin adresi {ip}, ping {n} ms.",
        "Müşteri numaram {order}.",
        "Hata kodu 0x8007{n}{n}{n}{n} her seferinde çıkıyor.",
        "{date} tarihinde şifremi değiştirdim ama giriş hâlâ olmuyor.",
        "Yazıcı diyor ki: {n}. tepside kağıt sıkışması.",
        "Seri numarası {serial}, {year} yılında aldım.",
        "İstek kimliği: {uuid}",
        "Bağlantı yaklaşık {n} dakikada bir kopuyor.",
        "{year}-{order} numaralı fatura eksik.",
        "Güncellemeden sonra şifre alanı boş.",
        "Firefox {ver} ile denedim.",
        "{date} saat 09:15'te oldu.",
        "Program {n}. adımda donuyor.",
        "Wifi adı Ev-{n}{n}.",
        "Modem ışığı {n} kez yanıp sönüyor.",
        "Uygulama PIN kodunu {n} kez soruyor.",
        "{ver} sürümü hâlâ iyi çalışıyordu.",
    ),
    "ru": (
        "После обновления до версии {ver} ({date}) всё сломалось.",
        "Заявка №{ticket} всё ещё открыта.",
        "Заказ номер {order} списали дважды.",
        "Позвоните мне по номеру {phone_ru} после обеда.",
        "Файл uploads/otchet-{year}.pdf не открывается.",
        "Адрес роутера {ip}, пинг {n} мс.",
        "Мой номер клиента {order}.",
        "Код ошибки 0x8007{n}{n}{n}{n} появляется каждый раз.",
        "Я сменил пароль {date}, но войти всё равно не получается.",
        "Принтер пишет: замятие бумаги в лотке {n}.",
        "Серийный номер {serial}, куплен в {year} году.",
        "Идентификатор запроса: {uuid}",
        "Соединение рвётся примерно каждые {n} минут.",
        "Счёт {year}-{order} отсутствует.",
        "После обновления поле пароля пустое.",
        "Пробовал в Firefox {ver}.",
        "Случилось {date} в 9:15.",
        "Программа зависает на шаге {n}.",
        "Сеть wifi называется Dom-{n}{n}.",
        "Лампочка модема мигает {n} раз.",
        "Приложение спрашивает ПИН-код {n} раза.",
        "Версия {ver} ещё работала нормально.",
    ),
}

PER_LANGUAGE = 110


def _fills(rng: random.Random) -> dict[str, str]:
    return {
        "ver": f"{rng.randint(1, 124)}.{rng.randint(0, 20)}.{rng.randint(0, 9999)}",
        "date": f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "ip": f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        "ticket": str(rng.randint(1000, 999999)),
        "order": str(rng.randint(10_000_000, 99_999_999)),
        "n": str(rng.randint(2, 9)),
        "year": str(rng.randint(2015, 2026)),
        "h40": "".join(rng.choice("0123456789abcdef") for _ in range(40)),
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "serial": "C02" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(8)),
        "phone_en": f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        "phone_fi": f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        "phone_hu": f"+36 30 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        "phone_tr": f"+90 532 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "phone_ru": f"+7 916 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
    }


def lines(rng: random.Random) -> tuple[tuple[str, str], ...]:
    """(language, line) pairs: the fixed lines, then PER_LANGUAGE filled templates per language, no duplicates."""
    out: list[tuple[str, str]] = list(FIXED)
    seen = {line for _, line in out}
    for lang, templates in TEMPLATES.items():
        made = 0
        i = 0
        while made < PER_LANGUAGE:
            line = templates[i % len(templates)].format(**_fills(rng))
            i += 1
            if line not in seen:
                seen.add(line)
                out.append((lang, line))
                made += 1
    return tuple(out)
