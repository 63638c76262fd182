"""What a site says to its reader rather than about the news: cookie and consent texts, ad-blocker and JavaScript
notices, legal notes, the comment form's notes and comment policies, advertiser disclaimers. Such a line is never
article text, however long or sentence-like, so the body drops it whatever the line model says.
"""

from __future__ import annotations

import re

# (Consent texts run to 100 words, longer than the noise lines the body keeps as possible prose.)
CONSENT = re.compile(r"""
    \b(?:this|our|the)\s+(?:web\s?)?site\s+uses\s+cookies\b | \b(?:strictly\s+)?necessary\s+cookies\b
  | \bby\s+(?:clicking|continuing|using\s+(?:this|our)\s+(?:web\s?)?site)\b.{0,80}\b(?:agree|consent|accept)
  | \bI\s+(?:agree|consent)\s+to\s+(?:the|receive|receiving)\b | \bby\s+submitting\s+this\s+form\b
  | \bsave\s+my\s+name,\s+email\b | \b(?:agree|consent)\b.{0,60}\bprivacy\s+(?:policy|notice)\b
  | \bunsubscribe\s+at\s+any\s+time\b | \bplease\s+(?:enable|turn\s+on)\s+javascript\b
  | \bad\s*-?block(?:er|ing)?\s+(?:users|enabled|detected)\b | \b(?:disable|turn\s+off|pause)\s+your\s+ad\s*-?blocker
  | \bregistered\s+trademarks?\s+of\b | \bno\s+part\s+of\s+this\b.{0,60}\bmay\s+be\s+reproduced\b
  | \bnot\s+been\s+evaluated\s+by\s+the\s+food\s+and\s+drug\b
  | \bich\s+bin\s+damit\s+einverstanden\b | \bexterne[nr]?\s+inhalte?\s+(?:anzeigen|laden|angezeigt)\b
  | \ban\s+dieser\s+stelle\s+find(?:en\s+sie|est\s+du|et\s+ihr)\b.{0,80}\bexterne[nr]?\s+inhalt
  | \b(?:laden|anzeigen)\s+(?:und\s+\w+\s+)?(?:aller\s+|der\s+)?externe[nr]?\s+inhalte?\b
  | \bexterne[nr]?\s+inhalte?\b.{0,40}\bohne\s+(?:erneute\s+)?zustimmung\b
  | \bexterne[nr]?\s+inhalt\w*,?\s+(?:von\s+[\w.-]+,?\s+)?der\s+den\s+artikel\s+(?:ergänzt|anreichert)\b
  | \bum\s+den\s+inhalt\s+von\b.{0,60}\bzu\s+laden\b
  | \b(?:utilise|utilisons)\s+des\s+cookies\b | \butiliza(?:mos)?\s+cookies\b | \butilizza(?:mo)?\s+(?:i\s+)?cookie
  | \bverwendet\s+cookies\b | \bverwenden\s+cookies\b | \bgebruikt\s+cookies\b | \banvänder\s+cookies\b
  | \bbruker\s+informasjonskapsler\b | \bużywa(?:my)?\s+(?:plików\s+)?cookies\b | \bиспользует\s+(?:файлы\s+)?cookie
  # the comment form's notes, which blog and news software prints under every article in the reader's language
  | \byour\s+e-?mail\s+(?:address\s+)?will\s+not\s+be\s+published\b | \brequired\s+fields\s+are\s+marked\b
  | \b(?:deine|ihre)\s+e-?mail-?adresse\s+wird\s+nicht\s+veröffentlicht\b
  | \berforderliche\s+felder\s+sind\s+(?:mit\s+)?\S{0,3}\s*markiert\b
  | \bvotre\s+adresse\s+(?:e-?mail|de\s+messagerie|courriel)\s+ne\s+sera\s+pas\s+publiée\b
  | \btu\s+(?:dirección\s+de\s+)?correo\s+electrónico\s+no\s+será\s+publicad[oa]\b
  | \bil\s+tuo\s+indirizzo\s+e-?mail\s+non\s+sarà\s+pubblicato\b
  | \bo\s+seu\s+endereço\s+de\s+e-?mail\s+não\s+será\s+publicado\b
  | \bje\s+e-?mailadres\s+wordt\s+niet\s+gepubliceerd\b | \btwój\s+adres\s+e-?mail\s+nie\s+zostanie\s+opublikowany\b
  | \bakismet\b.{0,60}\bspam | \bspam\b.{0,60}\bakismet\b
  | \bcomments\s+are\s+moderated\b | \bkommentare\s+werden\s+(?:vor\s+(?:der|ihrer)\s+veröffentlichung\s+)?moderiert\b
  | \bcomments\s+powered\s+by\s+disqus\b | \bto\s+post\s+a\s+comment,?\s+(?:log|sign)\s+in(?:to)?\b
  # the terms a reader accepts by using the site: "Use of this site constitutes acceptance of our User Agreement"
  | \b(?:use\s+of|using)\s+this\s+(?:site|website)\s+(?:constitutes|signifies|indicates)\s+(?:your\s+)?acceptance\b
  | \bwe\s+(?:welcome\s+(?:reader\s+)?|ask\s+that\s+)comments\b | \bsubmit\s+a\s+letter\s+to\s+the\s+editor\b
  | \bich\s+bin\s+mit\s+der\s+verarbeitung\s+meiner\s+daten\b
  # a newsletter's data notice, in the languages a site offers it: "Our newsletters contain tracking pixels ..."
  | \bnewsletters?\s+(?:contain|enthalten|contiennent|contienen|contêm|contengono|bevatten)\s+(?:\w+\s+){0,2}
      (?:tracking\s+pixels|zählpixel|pixels?|píxeles|pixel)\b
  | \bby\s+signing\s+up,?\s+you\s+agree\s+to\b
  | \bnot\s+(?:been\s+)?(?:provided|commissioned|reviewed|approved|endorsed)\b.{0,60}\b(?:advertiser|card\s+issuer)s?\b
  # an affiliate disclosure, the outlet's name as its subject: "Example may earn a commission from purchases made via
  # our links", "We use income earning auto affiliate links", "Dieser Artikel enthält Affiliate-Links"
  | \bmay\s+(?:earn|receive|get)\s+(?:a\s+)?(?:small\s+)?(?:commission|compensation)\b
      .{0,60}\b(?:purchases?|(?:our|affiliate|these)\s+links?|you\s+(?:buy|click))
  | \b(?:contain|include|use)s?\s+(?:[\w-]+\s+){1,3}affiliate\s+links?\b | \b(?:affiliate|provisions)-links\b
  | \bliens\s+(?:affiliés|d['’]affiliation)\b | \benlaces\s+de\s+afiliad[oa]s\b
  | \blink\s+(?:di\s+affiliazione|affiliati)\b
  # a reproduction ban under the article: "may not be published, broadcast, rewritten or redistributed", "Żaden
  # utwór ... nie może być powielany ... bez pisemnej zgody", "Reproduction interdite", "Vietata la riproduzione"
  | \bmay\s+not\s+be\s+(?:published|reproduced|copied),\s+(?:broadcast|distributed|rewritten|reproduced)\b
  | \bnie\s+może\s+być\s+(?:powielany|kopiowany|rozpowszechniany)\b.{0,300}\bbez\s+(?:pisemnej\s+)?zgody\b
  | \breproduction\s+(?:strictement\s+)?interdite\b | \b(?:queda\s+)?prohibida\s+(?:la\s+|su\s+)?reproducción\b
  | \b(?:è\s+)?vietata\s+la\s+riproduzione\b | \bé\s+proibida\s+a\s+reprodução\b
  | \bohne\s+(?:vorherige\s+)?schriftliche\s+(?:genehmigung|zustimmung)\b
      .{0,80}\b(?:vervielfältig|verbreit|nachdruck)
  # consent asked of the reader in French, Italian, Spanish, German: "vous n'avez pas accepté les cookies",
  # "En cliquant sur « J'accepte tout », vous consentez", "hai negato i consensi", "Al hacer clic en «Aceptar»"
  | \bvous\s+n['’]avez\s+pas\s+accepté\b | \ben\s+cliquant\s+sur\b.{0,60}\b(?:accepte|consentez)
  | \bhai\s+negato\s+i\s+consensi\b | \bcliccando\s+su\b.{0,60}\b(?:accett|acconsent)
  | \bal\s+hacer\s+clic\s+en\b.{0,60}\b(?:acept|consient)
  | \bmit\s+(?:dem\s+)?klick\s+auf\b.{0,60}\b(?:einverstanden|stimmen)
  # a newsletter's sign-up form in Japanese and Korean: its notice, its address box and what it answers ("ご登録いた
  # だいたメールアドレス宛てにニュースレターの配信...", "登録済みです。", "뉴스레터 수신에 동의합니다")
  | ニュースレター.{0,30}(?:配信|登録|購読|お送り|お届け) | (?:配信|登録|購読).{0,10}ニュースレター
  | メールアドレス.{0,40}(?:送付|送信|配信|登録|お送り|利用) | ^メールアドレス\s*[:：]?\s*$
  | ^(?:ご登録ありがとうございま(?:す|した)|登録(?:できませんでした|済みです|に失敗しました))\W*$
  | 뉴스레터.{0,30}(?:구독|신청|수신|받아\s?보|동의)
""", re.IGNORECASE | re.VERBOSE)
_CONSENT_WORDS = ("cookie", "agree", "consent", "form", "mail", "unsubscribe", "javascript", "block", "trademark",
                  "reproduced", "food", "einverstanden", "inhalt", "informasjonskapsler", "required", "felder",
                  "correo", "akismet", "moderat", "comment", "acceptance", "letter", "daten", "advertiser", "issuer",
                  "newsletter", "commission", "compensation", "affili", "afiliad", "provisions-", "may not be",
                  "nie może", "reproduc", "riproduzione", "reprodução", "schriftliche", "accepté", "cliquant",
                  "consensi", "cliccando", "hacer clic", "klick", "ニュースレター", "メールアドレス", "登録", "뉴스레터")


# The page's notice that scripts are off, in the reader's language: a line of its own, addressed to the reader ("Tu
# explorador está configurado para bloquear JavaScript", "Bitte aktivieren Sie JavaScript", "Veuillez activer
# JavaScript", "JavaScript is disabled in your browser"), never news about JavaScript ("users can enable JavaScript
# for each site", "in the Tor Browser JavaScript is disabled by default").
_SCRIPTS_OFF = re.compile(r"""
    \b(?:your|tu|ihr|dein|votre|il\s+tuo|o\s+seu|uw|je)\s+(?:web\s?)?(?:browser|explorador|navegador|navigateur)\b
      .{0,60}\b(?:bloque|block|deaktiv|désactiv|disabilit|desativ|desactiv|disabled|turned\s+off|uitgeschakeld)
  | \b(?:you\s+(?:need|have|must)\s+(?:to\s+)?)?(?:enable|activate|turn\s+on)\s+javascript\s+(?:in\s+your\s+browser|to\s+
      (?:view|see|read|use|run|continue|watch|play|access))\b
  | \baktivieren\s+sie\s+(?:bitte\s+)?javascript\b | ^bitte\s+(?:javascript\s+aktivieren|aktivieren)\b
  | \bveuillez\s+activer\s+(?:le\s+)?javascript\b | ^activez\s+(?:le\s+)?javascript\b
  | ^(?:por\s+favor,?\s+)?(?:habilita|activa|habilite|active|ative)\s+(?:el\s+|o\s+)?javascript\b
  | ^(?:per\s+favore,?\s+)?(?:abilita|attiva)\s+(?:il\s+)?javascript\b
  | ^javascript\s+(?:is\s+|ist\s+|est\s+|está\s+|è\s+)?(?:disabled|required|deaktiviert|désactivé|desactivado
      |disabilitato|desativado|uitgeschakeld)\b[^.!?]{0,40}[.!?]?$
""", re.IGNORECASE | re.VERBOSE)
SCRIPTS_OFF_WORDS = 30   # a notice is short: a longer line that speaks of JavaScript is news about it
# The notice that the reader's browser is too old for the site ("You are using a browser version with limited
# support for CSS", "You are using an outdated browser. Please upgrade your browser"), addressed to the reader.
_OLD_BROWSER = re.compile(r"""
    \byou\s+are\s+using\s+(?:an?\s+)?(?:outdated|old|older|unsupported|out-of-date)\s+(?:web\s+)?browser\b
  | \byou\s+are\s+using\s+a\s+browser\s+version\s+with\s+limited\s+support\b
  | \byour\s+(?:web\s+)?browser\s+is\s+(?:out\s+of\s+date|outdated|not\s+(?:fully\s+)?supported)\b
  | ^(?:please\s+)?(?:upgrade|update)\s+your\s+browser\b | \bsie\s+verwenden\s+einen\s+veralteten\s+browser\b
""", re.IGNORECASE | re.VERBOSE)
OLD_BROWSER_WORDS = 80   # it runs on with advice ("we recommend you use a more up to date browser..."), as one line


def is_consent(text: str) -> bool:
    """Cookie and consent texts, ad-blocker and JavaScript notices, legal notes addressed to the reader ("This
    website uses cookies...", "By submitting this form..."), a comment form's notes and the comments policy ("Your
    email address will not be published", "This site uses Akismet to reduce spam", "Comments are moderated"), and
    the notice that the reader's browser is too old."""
    folded = text.casefold()
    if "javascript" in folded and len(text.split()) <= SCRIPTS_OFF_WORDS and _SCRIPTS_OFF.search(text.strip()):
        return True
    if "browser" in folded and len(text.split()) <= OLD_BROWSER_WORDS and _OLD_BROWSER.search(text.strip()):
        return True
    return any(word in folded for word in _CONSENT_WORDS) and bool(CONSENT.search(text))
