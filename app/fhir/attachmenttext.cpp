#include "fhir/attachmenttext.h"

#include <QRegularExpression>
#include <QStringList>

namespace kete::fhir {

namespace {

QString decodeEntities(const QString &text)
{
    static const QRegularExpression entity(QStringLiteral("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|"
                                                          "[a-zA-Z]{2,8});"));
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    for (auto it = entity.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString name = m.captured(1);
        char32_t code = 0;
        if (name.startsWith(QLatin1String("#x")) || name.startsWith(QLatin1String("#X")))
            code = name.mid(2).toUInt(nullptr, 16);
        else if (name.startsWith(QLatin1Char('#')))
            code = name.mid(1).toUInt();
        else if (name == QLatin1String("amp"))
            code = u'&';
        else if (name == QLatin1String("lt"))
            code = u'<';
        else if (name == QLatin1String("gt"))
            code = u'>';
        else if (name == QLatin1String("quot"))
            code = u'"';
        else if (name == QLatin1String("apos"))
            code = u'\'';
        else if (name == QLatin1String("nbsp"))
            code = u' ';
        // Unknown names, controls and code points outside Unicode stay as written.
        if (code == 0 || code > 0x10FFFF || (code < 0x20 && code != u'\n' && code != u'\t') ||
            (code >= 0xD800 && code <= 0xDFFF))
            out += m.captured(0);
        else
            out += QString::fromUcs4(&code, 1);
    }
    out += QStringView(text).mid(last);
    return out;
}

// Runs of spaces made one, at most one empty line between paragraphs, no space at line ends.
QString tidy(const QString &text)
{
    QStringList lines;
    bool lastEmpty = true;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString simple = line.simplified();
        if (simple.isEmpty() && lastEmpty)
            continue;
        lines << simple;
        lastEmpty = simple.isEmpty();
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString htmlToPlainText(const QString &html)
{
    using Re = QRegularExpression;
    static const Re hidden(QStringLiteral("<(script|style|head|title|template|iframe|object)\\b"
                                          "[^>]*>.*?(</\\1\\s*>|$)"),
                           Re::CaseInsensitiveOption | Re::DotMatchesEverythingOption);
    static const Re comment(QStringLiteral("<!--.*?(-->|$)"), Re::DotMatchesEverythingOption);
    static const Re breaks(QStringLiteral("<(br|/p|p|/div|div|/li|li|/tr|/h[1-6]|/table)\\b[^>]*>"),
                           Re::CaseInsensitiveOption);
    static const Re cell(QStringLiteral("</t[dh]\\s*>"), Re::CaseInsensitiveOption);
    static const Re tag(QStringLiteral("<[^>]*(>|$)"));
    QString text = html;
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    text.replace(QLatin1Char('\n'), QLatin1Char(' ')); // HTML's line breaks are spaces
    text.remove(comment);
    text.remove(hidden);
    text.replace(breaks, QStringLiteral("\n"));
    text.replace(cell, QStringLiteral(" "));
    text.remove(tag);
    return tidy(decodeEntities(text));
}

QString attachmentText(const QString &contentType, const QByteArray &base64Data)
{
    const QString type = contentType.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
    const bool html = type == QLatin1String("text/html");
    if (!html && type != QLatin1String("text/plain"))
        return {};
    if (base64Data.size() > kMaxAttachmentBytes * 4 / 3 + 4)
        return {};
    const auto decoded =
        QByteArray::fromBase64Encoding(base64Data, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() > kMaxAttachmentBytes)
        return {};
    const QString text = QString::fromUtf8(decoded.decoded);
    if (html)
        return htmlToPlainText(text);
    QString plain = text;
    plain.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    // Control characters other than line breaks and tabs say nothing to a reader.
    plain.removeIf(
        [](QChar c) { return c.category() == QChar::Other_Control && c != u'\n' && c != u'\t'; });
    return plain.trimmed();
}

} // namespace kete::fhir
