"""What a site says to its reader (cookie, consent and legal texts, comment-form notes) against articles about such
things."""

from __future__ import annotations

import pytest

from newsdigest.ingest.consent import is_consent


@pytest.mark.parametrize("text", [
    "This website uses cookies to improve your experience while you navigate through the website, and to measure "
    "how our pages are used.",
    "Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden und Daten an Dritte gehen.",
    "By submitting this form, you agree to receive our updates and accept the terms of our privacy notice.",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Please disable your ad blocker to keep reading: our reporting is paid for by advertising.",
    # a comment form's notes, in the reader's language, and the comment platform's own line
    "Your email address will not be published. Required fields are marked *",
    "Please enable JavaScript to view the comments powered by Disqus.", "blog comments powered by Disqus",
    "Use of this site constitutes acceptance of our User Agreement (effective 1/2/14) and Privacy Policy.",
    "To post a comment, log into your chosen social network and then add your comment below.",
    "Ihre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
    "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
    "Il tuo indirizzo email non sarà pubblicato.",
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    "Please note that comments are moderated and may take a while to appear below the story.",
    "Klicken Sie auf den unteren Button, um den Inhalt von karten.example zu laden.",
    # the comments and letters policy, a data-processing consent, an advertiser disclaimer
    "We welcome reader comments on the top stories of the day. Some may be printed in the newspaper.",
    "We want to hear what you think about this article. Submit a letter to the editor.",
    "Ich bin mit der Verarbeitung meiner Daten nach der Datenschutzerklärung einverstanden.",
    "Disclaimer: The responses below are not provided or commissioned by the bank advertiser.",
    # the notice that scripts are off, in the reader's language (a Spanish one was published as an article)
    "Tu explorador está configurado para bloquear JavaScript. Para usar nuestros servicios, es necesario que lo "
    "permitas.",
    "Bitte aktivieren Sie JavaScript in Ihrem Browser, um diese Seite zu sehen.",
    "Veuillez activer JavaScript pour lire cet article.",
    "JavaScript is disabled in your browser.",
    "You need to enable JavaScript to run this app.",
    # the notice that the reader's browser is too old (a science site's was taken for its articles' summary)
    "Thank you for visiting harbour-science.example. You are using a browser version with limited support for CSS. "
    "To obtain the best experience, we recommend you use a more up to date browser (or turn off compatibility mode "
    "in Internet Explorer). In the meantime, to ensure continued support, we are displaying the site without styles.",
    "You are using an outdated browser. Please upgrade your browser to improve your experience.",
    "Sie verwenden einen veralteten Browser.",
    # a newsletter's data notice, offered in several languages under one article
    "Our newsletters contain tracking pixels to help us deliver unique content based on each subscriber's interests.",
    "Unsere Newsletter enthalten Zählpixel, die die Lieferung einzigartiger Inhalte ermöglichen.",
    "By signing up you agree to receive content from us.",
    # an affiliate disclosure, in the outlet's name or the reader's language
    "Harbour Gazette may earn a commission from purchases made through our links.",
    "We may receive a small commission when you buy through links on this page, at no cost to you.",
    "This post contains affiliate links; we use income earning auto affiliate links.",
    "Dieser Artikel enthält Affiliate-Links. Kaufen Sie darüber ein, erhalten wir eine Provision.",
    "Cet article contient des liens affiliés.",
    "Este artículo incluye enlaces de afiliados.",
    "Questo articolo contiene link di affiliazione.",
    # a reproduction ban under the article
    "Copyright 2026 The Harbour Press. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed.",
    "Żaden utwór zamieszczony w serwisie nie może być powielany i rozpowszechniany lub dalej rozpowszechniany w "
    "jakikolwiek sposób bez pisemnej zgody wydawcy.",
    "© Gazette du Port. Reproduction interdite sans autorisation.",
    "Queda prohibida la reproducción total o parcial de este contenido.",
    "È vietata la riproduzione anche parziale dei contenuti.",
    "É proibida a reprodução deste conteúdo sem autorização.",
    "Ohne schriftliche Genehmigung des Verlags ist eine Vervielfältigung nicht gestattet.",
    # consent asked of the reader in French, Italian, Spanish, German
    "Vous n'avez pas accepté le dépôt de cookies, ce contenu ne peut pas être affiché.",
    "En cliquant sur « J'accepte tout », vous consentez à l'utilisation de traceurs.",
    "Hai negato i consensi per questo contenuto.",
    "Cliccando su Accetta acconsenti all'uso dei cookie.",
    "Al hacer clic en «Aceptar» aceptas el almacenamiento de cookies.",
    "Mit Klick auf den Button bin ich einverstanden, dass externe Inhalte geladen werden.",
    # an embed's placeholder, addressed to the reader by "Sie", "du" or "ihr"
    "Deine Privatsphäre-Einstellungen verhindern das Laden und Anzeigen aller externen Inhalte (z.B. Grafiken).",
    "An dieser Stelle findest du einen externen Inhalt von YouTube, der den Artikel ergänzt.",
    "An dieser Stelle findet ihr einen externen Inhalt, der den Artikel ergänzt.",
    "Hier können Sie festlegen, ob externe Inhalte (Text, Bild, Video…) ohne erneute Zustimmung angezeigt werden.",
    # a newsletter's sign-up form in Japanese and Korean
    "ご登録いただいたメールアドレス宛てにニュースレターの配信とキャンペーン情報などをお送りします。",
    "入力いただいたメールアドレスにメールを送付しました。", "メールアドレス:", "登録済みです。",
    "ご登録ありがとうございました。", "뉴스레터 수신에 동의합니다",
])
def test_consent_and_legal_texts_addressed_to_the_reader(text):
    assert is_consent(text)


@pytest.mark.parametrize("text", [
    "The bakery said its new cookies would be sold in every branch from April onwards.",
    "The regulator told the company to change its privacy policy after the ruling on Tuesday.",
    "Users who agreed to the new terms lost access to their old messages, the court heard.",
    "The spam filter caught most of the messages, the company said, but the email addresses were published.",
    "Fields marked for the new housing estate will not be published until the council has voted.",
    "Ich bin mit dem Ergebnis einverstanden, sagte der Trainer nach dem Spiel.",
    "The plan has not been approved by the council, which advertised the meeting in the local paper.",
    "The company said JavaScript developers would be offered new tools next year.",
    "Google will require browsers to support newer JavaScript features, the report said.",
    # news about JavaScript, which the first notice patterns took for notices
    "Apple said the update lets users enable JavaScript for each site, a change developers had asked for.",
    "Researchers warned that your browser could run malicious JavaScript from the ads.",
    "In the safest mode of the Tor Browser JavaScript is disabled by default, the project said.",
    "La aplicación funciona en su navegador y no necesita JavaScript, explicó la empresa.",
    "Il servizio funziona su browser moderni che supportano JavaScript.",
    "The filter blocks sites with active JavaScript content.",
    "Users of older browsers complained that the update was slow, the company said on Monday.",
    "Microsoft said users of Windows 7 will need to update their browser before the end of the year.",
    "The newsletter contains a pixel art gallery each week, the editors said.",
    "Die Plattform haftet nicht für externe Inhalte, auf die verlinkt wird, entschied das Gericht.",
    "政府は新たな制度の登録を来月から始めると発表した。",
    "同社はメールアドレスの流出を認め、謝罪した。",
    # news about commissions, affiliates, copying and clicks
    "The agent may earn a commission of up to 5 percent on the sale, the court heard.",
    "The shop said its affiliate programme would close in March after sales fell.",
    "Le juge a rappelé que la reproduction des œuvres reste libre pour les bibliothèques.",
    "Der Verlag prüft, ob die Fotos ohne Genehmigung verbreitet wurden, sagte eine Sprecherin.",
    "Al hacer clic en el enlace, los usuarios descargaban un programa malicioso, según la policía.",
    "The documents may not be published until the trial ends, the judge ruled.",
])
def test_articles_about_cookies_or_privacy_are_not_consent_texts(text):
    assert not is_consent(text)
