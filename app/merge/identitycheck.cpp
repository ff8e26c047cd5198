#include "merge/identitycheck.h"

#include <QLocale>
#include <QSet>

namespace kete::merge {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::merge::IdentityCheck", text);
}

QStringList words(const QString &text)
{
    return comparableName(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QSet<QString> familyNames(const fhir::Patient &patient)
{
    QSet<QString> names;
    for (const fhir::HumanName &name : patient.names) {
        for (const QString &word : words(name.family))
            names.insert(word);
    }
    return names;
}

// The first given name of each of the Patient's names.
QSet<QString> firstGivenNames(const fhir::Patient &patient)
{
    QSet<QString> names;
    for (const fhir::HumanName &name : patient.names) {
        if (name.given.isEmpty())
            continue;
        if (const QStringList first = words(name.given.constFirst()); !first.isEmpty())
            names.insert(first.constFirst());
    }
    return names;
}

// Both sides say something and nothing they say is shared.
bool disjoint(const QSet<QString> &a, const QSet<QString> &b)
{
    return !a.isEmpty() && !b.isEmpty() && !a.intersects(b);
}

// Compared as precisely as the less precise of the two.
bool sameBirthDate(const fhir::FhirDateTime &a, const fhir::FhirDateTime &b)
{
    const QDate x = a.date();
    const QDate y = b.date();
    const auto precision = std::min(a.precision(), b.precision());
    if (x.year() != y.year())
        return false;
    if (precision == fhir::FhirDateTime::Precision::Year)
        return true;
    if (x.month() != y.month())
        return false;
    return precision == fhir::FhirDateTime::Precision::Month || x.day() == y.day();
}

QString sexText(fhir::Sex sex)
{
    switch (sex) {
    case fhir::Sex::Male:
        return tr("male");
    case fhir::Sex::Female:
        return tr("female");
    case fhir::Sex::Other:
        return tr("other");
    case fhir::Sex::Unknown:
        break;
    }
    return tr("unknown");
}

IdentityDifference difference(IdentityDifference::Field field, const SourcePatient &first,
                              const SourcePatient &other, QString firstValue, QString otherValue)
{
    const QString what = field == IdentityDifference::Field::Name        ? tr("Name")
                         : field == IdentityDifference::Field::BirthDate ? tr("Birth date")
                                                                         : tr("Sex");
    const QString text =
        tr("%1: %2 (%3) · %4 (%5)").arg(what, firstValue, first.label, otherValue, other.label);
    return {field, other.source, std::move(firstValue), std::move(otherValue), text};
}

} // namespace

QString comparableName(const QString &name)
{
    const QString decomposed = name.normalized(QString::NormalizationForm_KD);
    QString plain;
    plain.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        plain.append(c.isLetterOrNumber() ? c : QLatin1Char(' '));
    }
    return plain.toCaseFolded().simplified();
}

QString IdentityCheck::message() const
{
    if (differences.isEmpty())
        return {};
    QStringList lines{tr("These records may not belong to the same person:")};
    for (const IdentityDifference &d : differences)
        lines << d.text;
    return lines.join(QLatin1Char('\n'));
}

IdentityCheck checkIdentity(const QList<SourcePatient> &patients)
{
    IdentityCheck check;
    if (patients.size() < 2)
        return check;
    const SourcePatient &first = patients.constFirst();
    const QLocale locale;
    for (qsizetype i = 1; i < patients.size(); ++i) {
        const SourcePatient &other = patients.at(i);
        const fhir::Patient &a = first.patient;
        const fhir::Patient &b = other.patient;
        if (disjoint(familyNames(a), familyNames(b)) ||
            disjoint(firstGivenNames(a), firstGivenNames(b)))
            check.differences << difference(IdentityDifference::Field::Name, first, other,
                                            a.displayName(), b.displayName());
        if (a.birthDate.isValid() && b.birthDate.isValid() &&
            !sameBirthDate(a.birthDate, b.birthDate))
            check.differences << difference(IdentityDifference::Field::BirthDate, first, other,
                                            a.birthDate.toDisplayString(locale),
                                            b.birthDate.toDisplayString(locale));
        if (a.sex != fhir::Sex::Unknown && b.sex != fhir::Sex::Unknown && a.sex != b.sex)
            check.differences << difference(IdentityDifference::Field::Sex, first, other,
                                            sexText(a.sex), sexText(b.sex));
    }
    return check;
}

} // namespace kete::merge
