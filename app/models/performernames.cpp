#include "models/performernames.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace kete::models {

namespace {

// [base/]Type/id[/_history/vid]: FHIR's resource types start with a capital; ids are
// [A-Za-z0-9-.]{1,64}.
const QRegularExpression &referencePattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("^(?:https?://\\S*/)?([A-Z][A-Za-z]{1,63})/([A-Za-z0-9\\-.]{1,64})"
                       "(?:/_history/[A-Za-z0-9\\-.]{1,64})?$"));
    return pattern;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::models", text);
}

} // namespace

bool isPerformerReference(const QString &performer)
{
    return performer.startsWith(QLatin1Char('#')) || referencePattern().match(performer).hasMatch();
}

QString referenceType(const QString &reference)
{
    return referencePattern().match(reference).captured(1);
}

QString referenceId(const QString &reference)
{
    return referencePattern().match(reference).captured(2);
}

QString performerFallbackName(const QString &performer)
{
    if (!isPerformerReference(performer))
        return performer;
    const QString type = referenceType(performer);
    if (type == QLatin1String("Practitioner") || type == QLatin1String("PractitionerRole"))
        return tr("a practitioner");
    if (type == QLatin1String("Organization"))
        return tr("an organization");
    if (type == QLatin1String("CareTeam"))
        return tr("a care team");
    if (type == QLatin1String("Patient") || type == QLatin1String("RelatedPerson"))
        return tr("the patient or a relative");
    return tr("a performer");
}

} // namespace kete::models
