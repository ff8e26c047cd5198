#include "sandbox/data/hospitalgenerator.h"

#include "common/logging.h"
#include "sandbox/data/conditionresource.h"
#include "sandbox/data/demopeople.h"
#include "sandbox/data/fhirjson.h"
#include "sandbox/data/labcatalog.h"
#include "sandbox/data/resourcestore.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTimeZone>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>

namespace kete::sandbox {

namespace {

namespace sys = fhirjson::system;
using fhirjson::codeableConcept;
using fhirjson::reference;
using people::PatientSpec;

const QString hospitalId = QStringLiteral("kete-city-hospital");
const QString hospitalMrnSystem = QStringLiteral("https://hospital.kete.example.org/mrn");
// The community laboratory that did the shared results (PatientGenerator writes it).
const QString sharedLaboratoryId = QStringLiteral("kete-community-lab");

// A hospital test, and how its value follows the person's results at the GP: the GP's nearest
// result of one of `fromCodes` (in the GP's unit), converted to the hospital's unit.
struct HospitalTest
{
    QString loinc;
    QStringList fromCodes;
    std::function<double(double)> fromGp;
    bool adultsOnly = false;
};

// Conversions from conventional to SI units (molar masses from the IUPAC atomic weights):
//   glucose 180.16 g/mol: 1 mmol/L = 18.016 mg/dL
//   creatinine 113.12 g/mol: 1 mg/dL = 88.42 umol/L
//   cholesterol 386.65 g/mol: 1 mmol/L = 38.67 mg/dL
//   HbA1c, the IFCC-NGSP master equation (Hoelzel et al., Clin Chem 2004;50:166-174):
//   NGSP % = 0.09148 x IFCC mmol/mol + 2.152
const QList<HospitalTest> &hospitalTests()
{
    static const auto same = [](double value) { return value; };
    static const QList<HospitalTest> tests{
        {QStringLiteral("14749-6"),
         {QStringLiteral("2345-7")},
         [](double v) { return v / 18.016; }},
        {QStringLiteral("15074-8"),
         {QStringLiteral("2339-0"), QStringLiteral("2345-7")},
         [](double v) { return v / 18.016; }},
        {QStringLiteral("2951-2"), {QStringLiteral("2951-2")}, same},
        {QStringLiteral("2823-3"), {QStringLiteral("2823-3")}, same},
        {QStringLiteral("14682-9"),
         {QStringLiteral("2160-0")},
         [](double v) { return v * 88.42; },
         true},
        {QStringLiteral("14647-2"),
         {QStringLiteral("2093-3")},
         [](double v) { return v / 38.67; },
         true},
        {QStringLiteral("59261-8"),
         {QStringLiteral("4548-4")},
         [](double v) { return (v - 2.152) / 0.09148; },
         true},
    };
    return tests;
}

double roundTo(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

QString interpretationCode(const labs::LabTest &test, double value)
{
    const auto below = [](double limit, double v) { return !std::isnan(limit) && v < limit; };
    const auto above = [](double limit, double v) { return !std::isnan(limit) && v > limit; };
    if (below(test.critical.low, value))
        return QStringLiteral("LL");
    if (above(test.critical.high, value))
        return QStringLiteral("HH");
    if (below(test.normal.low, value))
        return QStringLiteral("L");
    if (above(test.normal.high, value))
        return QStringLiteral("H");
    return QStringLiteral("N");
}

QJsonObject interpretationConcept(const QString &code)
{
    static const QHash<QString, QString> displays{
        {QStringLiteral("H"), QStringLiteral("High")},
        {QStringLiteral("L"), QStringLiteral("Low")},
        {QStringLiteral("HH"), QStringLiteral("Critical high")},
        {QStringLiteral("LL"), QStringLiteral("Critical low")},
        {QStringLiteral("N"), QStringLiteral("Normal")}};
    return codeableConcept(sys::interpretation, code, displays.value(code));
}

QJsonArray referenceRange(const labs::LabTest &test)
{
    if (test.style == labs::RangeStyle::TextOnly)
        return QJsonArray{QJsonObject{{QStringLiteral("text"), test.rangeText}}};
    QJsonObject range;
    if (!std::isnan(test.normal.low))
        range.insert(QStringLiteral("low"),
                     fhirjson::quantity(test.normal.low, test.unit, test.ucumCode));
    if (!std::isnan(test.normal.high))
        range.insert(QStringLiteral("high"),
                     fhirjson::quantity(test.normal.high, test.unit, test.ucumCode));
    return QJsonArray{range};
}

QDateTime effectiveOf(const QJsonObject &observation)
{
    return QDateTime::fromString(observation.value(QLatin1String("effectiveDateTime")).toString(),
                                 Qt::ISODate);
}

// The person's own random stream at the hospital; qChecksum is the same on every run and platform.
quint32 streamKey(const QString &patientId)
{
    const QByteArray key = QByteArrayLiteral("kete-city-hospital:") + patientId.toUtf8();
    return quint32(qChecksum(QByteArrayView(key))) << 16 | quint32(key.size());
}

// One person's record at the hospital, built from how the GP's generator left them.
class HospitalPatient
{
public:
    HospitalPatient(const PatientSpec &spec, const ResourceStore &gp, quint32 seed)
        : m_spec(spec)
        , m_gp(gp)
        , m_id(HospitalGenerator::patientIdFor(spec.id))
        , m_random(seed ^ streamKey(spec.id))
    {}

    QList<QJsonObject> build()
    {
        QList<QJsonObject> resources{patient()};
        for (const QJsonObject &shared : sharedResults())
            resources.append(shared);
        for (const QDateTime &draw : m_spec.hospital.draws) {
            for (const HospitalTest &test : hospitalTests()) {
                if (test.adultsOnly && isChildAt(draw))
                    continue;
                resources.append(ownResult(test, draw));
            }
        }
        int number = 0;
        for (const people::ConditionSpec &condition : m_spec.hospital.conditions) {
            ++number;
            resources.append(conditionResource(
                condition,
                QStringLiteral("%1-cond-%2").arg(m_id).arg(number, 2, 10, QLatin1Char('0')), m_id));
        }
        return resources;
    }

private:
    bool isChildAt(const QDateTime &when) const
    {
        return m_spec.birthDate.daysTo(when.date()) / 365.25 < 18.0;
    }

    QString nextObservationId()
    {
        return QStringLiteral("%1-obs-%2").arg(m_id).arg(++m_observations, 3, 10, QLatin1Char('0'));
    }

    QJsonObject patient() const
    {
        QJsonObject patient =
            m_gp.read(QStringLiteral("Patient"), m_spec.id).value_or(QJsonObject{});
        patient.insert(QStringLiteral("id"), m_id);
        patient.remove(QStringLiteral("generalPractitioner"));
        patient.insert(QStringLiteral("managingOrganization"),
                       reference(QStringLiteral("Organization"), hospitalId,
                                 HospitalGenerator::organizationName()));
        patient.insert(
            QStringLiteral("identifier"),
            QJsonArray{QJsonObject{
                {QStringLiteral("use"), QStringLiteral("usual")},
                {QStringLiteral("type"), codeableConcept(sys::identifierType, QStringLiteral("MR"),
                                                         QStringLiteral("Medical record number"))},
                {QStringLiteral("system"), hospitalMrnSystem},
                {QStringLiteral("value"), m_spec.hospital.mrn}}});
        return patient;
    }

    // The final results of the GP's newest basic metabolic panels, as the hospital reports them.
    QList<QJsonObject> sharedResults()
    {
        const Result<QList<QJsonObject>> panels =
            m_gp.search(QStringLiteral("DiagnosticReport"),
                        {{QStringLiteral("patient"), m_spec.id},
                         {QStringLiteral("code"), HospitalGenerator::sharedPanelCode()},
                         {QStringLiteral("_sort"), QStringLiteral("-date")}});
        QList<QJsonObject> shared;
        if (!panels)
            return shared;
        for (const QJsonObject &panel : panels->mid(0, HospitalGenerator::sharedPanels())) {
            for (const QJsonValue &result : panel.value(QLatin1String("result")).toArray()) {
                const QString id = result.toObject()
                                       .value(QLatin1String("reference"))
                                       .toString()
                                       .section(QLatin1Char('/'), 1);
                std::optional<QJsonObject> observation =
                    m_gp.read(QStringLiteral("Observation"), id);
                if (!observation || observation->value(QLatin1String("status")).toString() !=
                                        QLatin1String("final"))
                    continue;
                observation->insert(QStringLiteral("id"), nextObservationId());
                observation->insert(QStringLiteral("subject"),
                                    reference(QStringLiteral("Patient"), m_id));
                observation->insert(
                    QStringLiteral("performer"),
                    QJsonArray{reference(QStringLiteral("Organization"), sharedLaboratoryId)});
                shared.append(*observation);
            }
        }
        return shared;
    }

    // The GP's result of one of `codes` nearest in time to `when`, in the GP's unit.
    std::optional<double> gpValueNear(const QStringList &codes, const QDateTime &when) const
    {
        const Result<QList<QJsonObject>> found =
            m_gp.search(QStringLiteral("Observation"),
                        {{QStringLiteral("patient"), m_spec.id},
                         {QStringLiteral("code"), codes.join(QLatin1Char(','))}});
        std::optional<double> nearest;
        if (!found)
            return nearest;
        qint64 distance = std::numeric_limits<qint64>::max();
        for (const QJsonObject &observation : *found) {
            const QJsonObject quantity =
                observation.value(QLatin1String("valueQuantity")).toObject();
            if (!quantity.contains(QLatin1String("value")) ||
                quantity.contains(QLatin1String("comparator")))
                continue;
            const qint64 apart = std::abs(effectiveOf(observation).secsTo(when));
            if (apart < distance) {
                distance = apart;
                nearest = quantity.value(QLatin1String("value")).toDouble();
            }
        }
        return nearest;
    }

    double gaussian()
    {
        const double u1 = std::max(m_random.generateDouble(), 1e-12);
        const double u2 = m_random.generateDouble();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

    QJsonObject ownResult(const HospitalTest &hospitalTest, const QDateTime &draw)
    {
        const labs::LabTest &test = labs::test(hospitalTest.loinc);
        const std::optional<double> gp = gpValueNear(hospitalTest.fromCodes, draw);
        const double base = gp ? hospitalTest.fromGp(*gp) : test.typical;
        const double value =
            roundTo(std::max(0.0, base + gaussian() * test.noise * 0.5), test.decimals);
        const QDateTime issued = draw.toUTC().addSecs(3600);
        return QJsonObject{
            {QStringLiteral("resourceType"), QStringLiteral("Observation")},
            {QStringLiteral("id"), nextObservationId()},
            {QStringLiteral("meta"), fhirjson::meta(issued)},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("category"),
             QJsonArray{codeableConcept(sys::observationCategory, QStringLiteral("laboratory"),
                                        QStringLiteral("Laboratory"))}},
            {QStringLiteral("code"), codeableConcept(sys::loinc, test.loinc, test.display)},
            {QStringLiteral("subject"), reference(QStringLiteral("Patient"), m_id)},
            {QStringLiteral("effectiveDateTime"),
             fhirjson::dateTime(draw.toUTC(), draw.offsetFromUtc())},
            {QStringLiteral("issued"), fhirjson::instant(issued)},
            {QStringLiteral("performer"),
             QJsonArray{reference(QStringLiteral("Organization"), hospitalId)}},
            {QStringLiteral("valueQuantity"), fhirjson::quantity(value, test.unit, test.ucumCode)},
            {QStringLiteral("interpretation"),
             QJsonArray{interpretationConcept(interpretationCode(test, value))}},
            {QStringLiteral("referenceRange"), referenceRange(test)}};
    }

    const PatientSpec &m_spec;
    const ResourceStore &m_gp;
    const QString m_id;
    QRandomGenerator m_random;
    int m_observations = 0;
};

QJsonObject hospital(const QDate &referenceDate)
{
    return QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Organization")},
        {QStringLiteral("id"), hospitalId},
        {QStringLiteral("meta"),
         fhirjson::meta(QDateTime(referenceDate, QTime(12, 0), QTimeZone::utc()))},
        {QStringLiteral("active"), true},
        {QStringLiteral("type"),
         QJsonArray{codeableConcept(
             QLatin1String("http://terminology.hl7.org/CodeSystem/organization-type"),
             QStringLiteral("prov"), QStringLiteral("Healthcare Provider"))}},
        {QStringLiteral("name"), HospitalGenerator::organizationName()},
        {QStringLiteral("address"),
         QJsonArray{QJsonObject{{QStringLiteral("city"), QStringLiteral("Wellington")},
                                {QStringLiteral("country"), QStringLiteral("NZ")}}}}};
}

} // namespace

HospitalGenerator::HospitalGenerator(GeneratorOptions options)
    : m_options(std::move(options))
{}

QString HospitalGenerator::organizationId()
{
    return hospitalId;
}

QString HospitalGenerator::organizationName()
{
    return QStringLiteral("Kete City Hospital");
}

QString HospitalGenerator::patientIdFor(const QString &gpPatientId)
{
    return QStringLiteral("kch-") + gpPatientId;
}

QString HospitalGenerator::sharedPanelCode()
{
    return QStringLiteral("51990-0");
}

int HospitalGenerator::sharedPanels()
{
    return 2;
}

DemoDirectory HospitalGenerator::generate(ResourceStore &store) const
{
    QElapsedTimer timer;
    timer.start();
    // The GP's records of the same people, from the same seed: what the two have in common.
    GeneratorOptions gpOptions = m_options;
    gpOptions.extraPatients = 0;
    gpOptions.largePatientObservations = 0;
    ResourceStore gp;
    PatientGenerator(gpOptions).generate(gp);

    store.add(hospital(m_options.referenceDate));
    if (const std::optional<QJsonObject> laboratory =
            gp.read(QStringLiteral("Organization"), sharedLaboratoryId))
        store.add(*laboratory);
    DemoDirectory directory;
    for (const PatientSpec &spec : people::roster().patients) {
        HospitalPatient record(spec, gp, m_options.seed);
        for (const QJsonObject &resource : record.build())
            store.add(resource);
        directory.patients.append({patientIdFor(spec.id), spec.displayName(), spec.login});
    }
    qCInfo(lcSandbox) << "Generated the hospital's records of" << directory.patients.size()
                      << "patients in" << timer.elapsed() << "ms";
    return directory;
}

} // namespace kete::sandbox
