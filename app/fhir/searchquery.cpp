#include "fhir/searchquery.h"

#include <QUrl>

namespace kete::fhir {

namespace {

// FHIR search escaping: a backslash, then the comma that would otherwise separate OR-values.
QString escapeLiteral(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char(','), QLatin1String("\\,"));
    return escaped;
}

QString encode(const QString &text, const QByteArray &keepRaw = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, keepRaw));
}

} // namespace

SearchQuery &SearchQuery::add(const QString &name, const QString &value)
{
    return addAnyOf(name, {value});
}

SearchQuery &SearchQuery::addAnyOf(const QString &name, const QStringList &values)
{
    QStringList encoded;
    encoded.reserve(values.size());
    for (const QString &value : values)
        encoded.append(encode(escapeLiteral(value)));
    // A name keeps its modifier colon ("code:text"); nothing else in a name needs it.
    m_items.append(encode(name, ":") + QLatin1Char('=') + encoded.join(QLatin1Char(',')));
    return *this;
}

} // namespace kete::fhir
