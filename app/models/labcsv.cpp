#include "models/labcsv.h"

#include "models/csvexport.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace kete::models {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::models", text);
}

QString comparatorText(fhir::Comparator comparator)
{
    switch (comparator) {
    case fhir::Comparator::Less:
        return QStringLiteral("<");
    case fhir::Comparator::LessOrEqual:
        return QStringLiteral("<=");
    case fhir::Comparator::GreaterOrEqual:
        return QStringLiteral(">=");
    case fhir::Comparator::Greater:
        return QStringLiteral(">");
    case fhir::Comparator::None:
        break;
    }
    return QString();
}

QString numberText(double value)
{
    return QLocale::c().toString(value, 'g', QLocale::FloatingPointShortest);
}

QString unitCode(const fhir::Quantity &q)
{
    return q.code.isEmpty() ? q.unit : q.code;
}

// The value and its unit, apart.
std::pair<QString, QString> valueAndUnit(const fhir::Observation &o)
{
    const fhir::ObservationValue &v = o.value;
    if (v.kind == fhir::ObservationValue::Kind::Quantity && v.quantity.value)
        return {comparatorText(v.quantity.comparator) + numberText(*v.quantity.value),
                unitCode(v.quantity)};
    if (v.kind == fhir::ObservationValue::Kind::Integer)
        return {QString::number(v.integer), QString()};
    if (v.isEmpty() && !o.components.isEmpty()) { // blood pressure: "120/80", "mm[Hg]"
        QStringList values;
        QString unit;
        for (const fhir::ObservationComponent &c : o.components) {
            if (c.value.kind != fhir::ObservationValue::Kind::Quantity || !c.value.quantity.value)
                return {o.valueDisplayString(QLocale::c(), fhir::UnitStyle::AsSent), QString()};
            const QString u = unitCode(c.value.quantity);
            if (!unit.isEmpty() && u != unit)
                return {o.valueDisplayString(QLocale::c(), fhir::UnitStyle::AsSent), QString()};
            unit = u;
            values << comparatorText(c.value.quantity.comparator) +
                          numberText(*c.value.quantity.value);
        }
        return {values.join(QLatin1Char('/')), unit};
    }
    return {o.valueDisplayString(QLocale::c(), fhir::UnitStyle::AsSent), QString()};
}

QString rangeText(const fhir::Observation &o, const fhir::Patient &patient)
{
    const QLocale c = QLocale::c();
    if (const auto *range = fhir::selectReferenceRange(o.referenceRanges, patient, o.when().date()))
        return range->toDisplayString(c, fhir::UnitStyle::AsSent);
    QStringList parts; // blood pressure: each part's own range
    for (const fhir::ObservationComponent &component : o.components) {
        if (const auto *range =
                fhir::selectReferenceRange(component.referenceRanges, patient, o.when().date()))
            parts << range->toDisplayString(c, fhir::UnitStyle::AsSent);
    }
    return parts.join(QStringLiteral(" / "));
}

QString line(const QStringList &fields)
{
    QStringList escaped;
    escaped.reserve(fields.size());
    for (const QString &field : fields)
        escaped << csvField(field);
    return escaped.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

} // namespace

QString isoDateTime(const fhir::FhirDateTime &when)
{
    const QDateTime start = when.toDateTime();
    switch (when.precision()) {
    case fhir::FhirDateTime::Precision::Invalid:
        return QString();
    case fhir::FhirDateTime::Precision::Year:
        return start.toString(QStringLiteral("yyyy"));
    case fhir::FhirDateTime::Precision::Month:
        return start.toString(QStringLiteral("yyyy-MM"));
    case fhir::FhirDateTime::Precision::Day:
        return start.toString(QStringLiteral("yyyy-MM-dd"));
    case fhir::FhirDateTime::Precision::Time:
        return start.toString(Qt::ISODate);
    }
    return QString();
}

QString labResultsCsv(const QList<LabCsvRow> &rows, const fhir::Patient &patient,
                      const LabCsvOptions &options)
{
    QStringList header;
    if (options.namePatient)
        header << tr("Patient") << tr("Birth date") << tr("MRN");
    header << tr("Test") << tr("LOINC code");
    if (options.panel)
        header << tr("Panel");
    header << tr("Date/time (ISO 8601)") << tr("Value") << tr("Unit (UCUM)") << tr("Flag")
           << tr("Reference range");
    if (options.history)
        header << tr("Status") << tr("Performed by") << tr("Note");
    if (options.source)
        header << tr("From");
    QString csv = line(header);
    for (const LabCsvRow &row : rows) {
        const fhir::Observation &o = row.observation;
        QStringList fields;
        if (options.namePatient)
            fields << patient.displayName() << isoDateTime(patient.birthDate)
                   << patient.medicalRecordNumber();
        fields << row.testName << o.loincCode();
        if (options.panel)
            fields << row.panel;
        const auto [value, unit] = valueAndUnit(o);
        fields << isoDateTime(o.when()) << value << unit << row.interpretation.flagText()
               << rangeText(o, patient);
        if (options.history)
            fields << o.statusBadge() << row.performer << row.comments;
        if (options.source)
            fields << row.source;
        csv += line(fields);
    }
    return csv;
}

} // namespace kete::models
