#include "sandbox/data/fhirjson.h"

#include <QTimeZone>

namespace kete::sandbox::fhirjson {

QJsonObject coding(QLatin1String system, const QString &code, const QString &display)
{
    QJsonObject object{{QStringLiteral("system"), system}, {QStringLiteral("code"), code}};
    if (!display.isEmpty())
        object.insert(QStringLiteral("display"), display);
    return object;
}

QJsonObject codeableConcept(const QJsonArray &codings, const QString &text)
{
    QJsonObject object{{QStringLiteral("coding"), codings}};
    if (!text.isEmpty())
        object.insert(QStringLiteral("text"), text);
    return object;
}

QJsonObject codeableConcept(QLatin1String system, const QString &code, const QString &display)
{
    return codeableConcept(QJsonArray{coding(system, code, display)});
}

QJsonObject reference(const QString &type, const QString &id, const QString &display)
{
    QJsonObject object{{QStringLiteral("reference"), QString(type + QLatin1Char('/') + id)}};
    if (!display.isEmpty())
        object.insert(QStringLiteral("display"), display);
    return object;
}

QJsonObject quantity(double value, const QString &unit, const QString &ucumCode,
                     const QString &comparator)
{
    QJsonObject object{{QStringLiteral("value"), value},
                       {QStringLiteral("unit"), unit},
                       {QStringLiteral("system"), system::ucum},
                       {QStringLiteral("code"), ucumCode}};
    if (!comparator.isEmpty())
        object.insert(QStringLiteral("comparator"), comparator);
    return object;
}

QJsonObject ageInYears(double years)
{
    return quantity(years, QStringLiteral("years"), QStringLiteral("a"));
}

QJsonObject meta(const QDateTime &lastUpdated)
{
    return QJsonObject{{QStringLiteral("lastUpdated"), instant(lastUpdated)}};
}

QString dateTime(const QDateTime &utc, int offsetSeconds)
{
    return utc.toOffsetFromUtc(offsetSeconds).toString(Qt::ISODate);
}

QString instant(const QDateTime &utc)
{
    return utc.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace kete::sandbox::fhirjson
