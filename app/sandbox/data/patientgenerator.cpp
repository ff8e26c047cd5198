#include "sandbox/data/patientgenerator.h"

#include "common/logging.h"
#include "sandbox/data/conditionresource.h"
#include "sandbox/data/demopeople.h"
#include "sandbox/data/fhirjson.h"
#include "sandbox/data/labcatalog.h"
#include "sandbox/data/resourcestore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QRandomGenerator>
#include <QTimeZone>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace kete::sandbox {

namespace {

namespace sys = fhirjson::system;
using fhirjson::codeableConcept;
using fhirjson::coding;
using fhirjson::quantity;
using fhirjson::reference;
using people::ConditionSpec;
using people::ForcedValue;
using people::Orders;
using people::PatientSpec;

// The laboratory that performs every demo patient's lab tests.
const QString laboratoryId = QStringLiteral("kete-community-lab");

// A per-patient random stream. Seeded explicitly (never the global generator) so that output
// depends on the seed only.
class Random
{
public:
    explicit Random(quint32 seed)
        : m_generator(seed)
    {}
    double uniform() { return m_generator.generateDouble(); }
    int between(int low, int highExclusive) { return m_generator.bounded(low, highExclusive); }
    bool chance(double probability) { return uniform() < probability; }
    double gaussian()
    {
        const double u1 = std::max(uniform(), 1e-12);
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }
    template<typename T> const T &pick(const QList<T> &list)
    {
        return list.at(between(0, int(list.size())));
    }

private:
    QRandomGenerator m_generator;
};

// FNV-1a: a hash that is the same on every run and platform (qHash is seeded per process).
quint32 stableHash(const QString &text)
{
    quint32 hash = 2166136261u;
    for (const char byte : text.toUtf8()) {
        hash ^= quint8(byte);
        hash *= 16777619u;
    }
    return hash;
}

double roundTo(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// New Zealand offsets, near enough: daylight time from October to March.
int offsetSecondsOn(const QDate &localDate)
{
    const int month = localDate.month();
    return (month >= 4 && month <= 9 ? 12 : 13) * 3600;
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

struct Visit
{
    QDateTime utc;
    int offsetSeconds = 0;
    double fraction = 0; // position in the history, 0..1
    int index = 0;
    int fromEnd = 0;
};

QJsonObject categoryConcept(const char *code, const char *display)
{
    return codeableConcept(sys::observationCategory, QString::fromLatin1(code),
                           QString::fromLatin1(display));
}

// Builds one patient's resources.
class GeneratedPatient
{
public:
    GeneratedPatient(const PatientSpec &spec, const GeneratorOptions &options, quint32 seed)
        : m_spec(spec)
        , m_options(options)
        , m_random(seed ^ stableHash(spec.id))
    {}

    QList<QJsonObject> build(int observationTarget)
    {
        m_resources.append(patient());
        addVisits();
        assignStatuses();
        if (observationTarget > m_observationCount)
            addMonitoring(observationTarget - m_observationCount);
        addConditions();
        return m_resources;
    }

    int observationCount() const { return m_observationCount; }

private:
    QDateTime referenceEnd() const
    {
        return QDateTime(m_options.referenceDate, QTime(12, 0), QTimeZone::utc());
    }

    // The last day of care: the reference date, or shortly before the patient died.
    QDateTime historyEnd() const
    {
        if (m_spec.deceased)
            return std::min(referenceEnd(), QDateTime(m_spec.deceased->toUTC().date().addDays(-2),
                                                      QTime(12, 0), QTimeZone::utc()));
        return referenceEnd();
    }

    QDateTime historyStart() const
    {
        const QDate earliest = m_options.referenceDate.addYears(-m_options.years);
        // Children's histories start at age three.
        const QDate start = std::max(earliest, m_spec.birthDate.addYears(3));
        return QDateTime(start, QTime(12, 0), QTimeZone::utc());
    }

    double ageAt(const QDateTime &when) const
    {
        return m_spec.birthDate.daysTo(when.date()) / 365.25;
    }

    bool isChildAt(const QDateTime &when) const { return ageAt(when) < 18.0; }

    QJsonObject patient() const
    {
        const QJsonObject name{{QStringLiteral("use"), QStringLiteral("official")},
                               {QStringLiteral("family"), m_spec.family},
                               {QStringLiteral("given"), QJsonArray{m_spec.given}},
                               {QStringLiteral("text"), m_spec.displayName()}};
        const QJsonObject identifier{
            {QStringLiteral("use"), QStringLiteral("usual")},
            {QStringLiteral("type"), codeableConcept(sys::identifierType, QStringLiteral("MR"),
                                                     QStringLiteral("Medical record number"))},
            {QStringLiteral("system"), sys::mrn},
            {QStringLiteral("value"), m_spec.mrn}};
        const QJsonObject address{
            {QStringLiteral("use"), QStringLiteral("home")},
            {QStringLiteral("line"),
             QJsonArray{QStringLiteral("%1 Example Street").arg(stableHash(m_spec.id) % 200 + 1)}},
            {QStringLiteral("city"), m_spec.city},
            {QStringLiteral("country"), QStringLiteral("NZ")}};
        const QJsonObject phone{{QStringLiteral("system"), QStringLiteral("phone")},
                                {QStringLiteral("value"),
                                 QStringLiteral("+64 21 555 %1")
                                     .arg(stableHash(m_spec.id) % 10000, 4, 10, QLatin1Char('0'))},
                                {QStringLiteral("use"), QStringLiteral("mobile")}};
        QJsonObject patient{
            {QStringLiteral("resourceType"), QStringLiteral("Patient")},
            {QStringLiteral("id"), m_spec.id},
            {QStringLiteral("meta"), fhirjson::meta(referenceEnd())},
            {QStringLiteral("identifier"), QJsonArray{identifier}},
            {QStringLiteral("active"), true},
            {QStringLiteral("name"), QJsonArray{name}},
            {QStringLiteral("telecom"), QJsonArray{phone}},
            {QStringLiteral("gender"), m_spec.gender},
            {QStringLiteral("birthDate"), m_spec.birthDate.toString(Qt::ISODate)},
            {QStringLiteral("address"), QJsonArray{address}},
            {QStringLiteral("generalPractitioner"),
             QJsonArray{reference(QStringLiteral("Practitioner"), m_spec.practitionerId)}}};
        if (m_spec.deceased) {
            patient.insert(QStringLiteral("deceasedDateTime"),
                           m_spec.deceased->toString(Qt::ISODate));
        }
        return patient;
    }

    QList<Visit> visits()
    {
        const QDateTime start = historyStart();
        const QDateTime end = historyEnd();
        const qint64 span = start.secsTo(end);
        const int count =
            std::max(2, int(std::round(span / (365.25 * 86400.0) * m_spec.visitsPerYear)));
        QList<Visit> result;
        for (int i = 0; i < count; ++i) {
            const double fraction = count == 1 ? 1.0 : double(i) / (count - 1);
            // Spread over the history, a few days either way, in the morning (local time).
            QDate date = start.addSecs(qint64(span * fraction)).date();
            if (i > 0 && i < count - 1)
                date = date.addDays(m_random.between(-6, 7));
            const int offset = offsetSecondsOn(date);
            const QTime localTime(7 + m_random.between(0, 4), m_random.between(0, 4) * 15);
            Visit visit;
            visit.utc = QDateTime(date, localTime, QTimeZone::utc()).addSecs(-offset);
            visit.offsetSeconds = offset;
            visit.fraction = fraction;
            visit.index = i;
            visit.fromEnd = count - 1 - i;
            result.append(visit);
        }
        return result;
    }

    static bool due(int every, const Visit &visit)
    {
        return every > 0 && visit.fromEnd % every == 0;
    }

    void addVisits()
    {
        for (const Visit &visit : visits()) {
            addVitals(visit);
            const Orders &orders = m_spec.orders;
            if (due(orders.cbc, visit))
                addPanel(labs::cbc(), visit);
            if (due(orders.basicMetabolic, visit))
                addPanel(labs::basicMetabolic(), visit);
            if (due(orders.lipid, visit))
                addPanel(labs::lipid(), visit);
            if (due(orders.egfr, visit) && !isChildAt(visit.utc))
                addStandalone(QStringLiteral("33914-3"), visit);
            if (due(orders.hba1c, visit))
                addStandalone(QStringLiteral("4548-4"), visit);
            if (due(orders.tsh, visit))
                addStandalone(QStringLiteral("3016-3"), visit);
            if (due(orders.ferritin, visit))
                addStandalone(QStringLiteral("2276-4"), visit);
            if (due(orders.troponin, visit))
                addStandalone(QStringLiteral("10839-9"), visit);
            if (due(orders.lead, visit))
                addStandalone(QStringLiteral("5671-3"), visit);
            if (due(orders.urine, visit))
                addUrine(visit);
        }
    }

    QString nextObservationId()
    {
        ++m_observationCount;
        return QStringLiteral("%1-obs-%2")
            .arg(m_spec.id)
            .arg(m_observationCount, 5, 10, QLatin1Char('0'));
    }

    // An Observation without id and times (see stamped()).
    // A lab result names the laboratory beside the practitioner, by reference only, as real
    // servers often do: the client reads the Organization to name it.
    QJsonObject observationTemplate(const QJsonObject &category, const QJsonObject &code) const
    {
        QJsonArray performers{reference(QStringLiteral("Practitioner"), m_spec.practitionerId)};
        if (isLaboratory(category))
            performers.append(reference(QStringLiteral("Organization"), laboratoryId));
        return QJsonObject{
            {QStringLiteral("resourceType"), QStringLiteral("Observation")},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("category"), QJsonArray{category}},
            {QStringLiteral("code"), code},
            {QStringLiteral("subject"), reference(QStringLiteral("Patient"), m_spec.id)},
            {QStringLiteral("performer"), performers}};
    }

    static bool isLaboratory(const QJsonObject &category)
    {
        const QJsonArray codings = category.value(QLatin1String("coding")).toArray();
        return !codings.isEmpty() &&
               codings.first().toObject().value(QLatin1String("code")).toString() ==
                   QLatin1String("laboratory");
    }

    // Gives the template the next id, its effective time (shown at the local offset) and issue
    // time.
    QJsonObject stamped(QJsonObject observation, const QDateTime &effective, int offsetSeconds,
                        const QDateTime &issued)
    {
        observation.insert(QStringLiteral("id"), nextObservationId());
        observation.insert(QStringLiteral("meta"), fhirjson::meta(issued));
        observation.insert(QStringLiteral("effectiveDateTime"),
                           fhirjson::dateTime(effective, offsetSeconds));
        observation.insert(QStringLiteral("issued"), fhirjson::instant(issued));
        return observation;
    }

    QJsonObject observation(const QJsonObject &category, const QJsonObject &code,
                            const Visit &visit, const QDateTime &issued)
    {
        return stamped(observationTemplate(category, code), visit.utc, visit.offsetSeconds, issued);
    }

    // The range that applies to this patient on that day, for interpretation.
    labs::Limits applicableRange(const labs::LabTest &test, const Visit &visit) const
    {
        if (test.style != labs::RangeStyle::BySex)
            return test.normal;
        if (isChildAt(visit.utc))
            return test.child;
        return m_spec.gender == QLatin1String("male") ? test.male : test.female;
    }

    QJsonArray referenceRanges(const labs::LabTest &test, const Visit &visit) const
    {
        const QString &unit = test.unit;
        const QString &ucum = test.ucumCode;
        const auto range = [&](const labs::Limits &r) {
            QJsonObject object;
            if (!std::isnan(r.low))
                object.insert(QStringLiteral("low"), quantity(r.low, unit, ucum));
            if (!std::isnan(r.high))
                object.insert(QStringLiteral("high"), quantity(r.high, unit, ucum));
            return object;
        };
        switch (test.style) {
        case labs::RangeStyle::Simple:
            return QJsonArray{range(test.normal)};
        case labs::RangeStyle::TextOnly:
            return QJsonArray{QJsonObject{{QStringLiteral("text"), test.rangeText}}};
        case labs::RangeStyle::BySex: {
            if (isChildAt(visit.utc)) {
                QJsonObject child = range(test.child);
                child.insert(QStringLiteral("age"),
                             QJsonObject{{QStringLiteral("low"), fhirjson::ageInYears(1)},
                                         {QStringLiteral("high"), fhirjson::ageInYears(17)}});
                return QJsonArray{child};
            }
            QJsonObject male = range(test.male);
            male.insert(QStringLiteral("appliesTo"),
                        QJsonArray{codeableConcept(sys::snomed, QStringLiteral("248153007"),
                                                   QStringLiteral("Male (finding)"))});
            QJsonObject female = range(test.female);
            female.insert(QStringLiteral("appliesTo"),
                          QJsonArray{codeableConcept(sys::snomed, QStringLiteral("248152002"),
                                                     QStringLiteral("Female (finding)"))});
            return QJsonArray{male, female};
        }
        }
        return {};
    }

    double typicalValue(const labs::LabTest &test, const Visit &visit) const
    {
        const auto trend = m_spec.trends.constFind(test.loinc);
        if (trend != m_spec.trends.cend())
            return trend->start + (trend->end - trend->start) * visit.fraction;
        if (test.style == labs::RangeStyle::BySex) {
            const labs::Limits r = applicableRange(test, visit);
            return (r.low + r.high) / 2.0;
        }
        return test.typical;
    }

    double valueFor(const labs::LabTest &test, const Visit &visit)
    {
        for (const ForcedValue &forced : m_spec.forced) {
            if (forced.visitFromEnd == visit.fromEnd && forced.loinc == test.loinc)
                return forced.value;
        }
        double value = typicalValue(test, visit) + m_random.gaussian() * test.noise;
        // Now and then a result outside the range, as real series have.
        if (m_random.chance(0.04)) {
            const labs::Limits r = applicableRange(test, visit);
            const double push = m_random.uniform();
            if (!std::isnan(r.high) && (std::isnan(r.low) || push < 0.6))
                value = r.high * (1.03 + 0.2 * m_random.uniform());
            else if (!std::isnan(r.low))
                value = r.low * (0.97 - 0.15 * m_random.uniform());
        }
        // Below the method's limit rounds to zero, which labObservation() reports with "<".
        return roundTo(std::max(value, 0.0), test.decimals);
    }

    static QString interpretationCode(const labs::Limits &normal, const labs::Limits &critical,
                                      double value)
    {
        if (!std::isnan(critical.low) && value < critical.low)
            return QStringLiteral("LL");
        if (!std::isnan(critical.high) && value > critical.high)
            return QStringLiteral("HH");
        if (!std::isnan(normal.low) && value < normal.low)
            return QStringLiteral("L");
        if (!std::isnan(normal.high) && value > normal.high)
            return QStringLiteral("H");
        return QStringLiteral("N");
    }

    QDateTime issuedAfter(const Visit &visit)
    {
        return visit.utc.addSecs(3600 * m_random.between(2, 30) + 60 * m_random.between(0, 60));
    }

    QJsonObject labObservation(const labs::LabTest &test, const Visit &visit,
                               const QDateTime &issued)
    {
        QJsonObject result =
            observation(categoryConcept("laboratory", "Laboratory"),
                        codeableConcept(sys::loinc, test.loinc, test.display), visit, issued);
        const double value = valueFor(test, visit);
        const QString &unit = test.unit;
        const QString &ucum = test.ucumCode;
        QString interpretation =
            interpretationCode(applicableRange(test, visit), test.critical, value);
        // Results beyond what the method measures come with a comparator.
        if (test.loinc == QLatin1String("10839-9") && value < 0.01) {
            result.insert(QStringLiteral("valueQuantity"),
                          quantity(0.01, unit, ucum, QStringLiteral("<")));
        } else if (test.loinc == QLatin1String("33914-3") && value > 90) {
            result.insert(QStringLiteral("valueQuantity"),
                          quantity(90, unit, ucum, QStringLiteral(">")));
        } else {
            result.insert(QStringLiteral("valueQuantity"), quantity(value, unit, ucum));
        }
        // Some laboratories leave interpretation to the reader: clients must compute it.
        if (!m_random.chance(0.2))
            result.insert(QStringLiteral("interpretation"),
                          QJsonArray{interpretationConcept(interpretation)});
        result.insert(QStringLiteral("referenceRange"), referenceRanges(test, visit));
        m_labIndexes.append(m_resources.size());
        return result;
    }

    void addStandalone(const QString &loinc, const Visit &visit)
    {
        m_resources.append(labObservation(labs::test(loinc), visit, issuedAfter(visit)));
    }

    void addPanel(const labs::Panel &panel, const Visit &visit)
    {
        const QDateTime issued = issuedAfter(visit);
        QJsonArray results;
        for (const QString &member : panel.members) {
            const QJsonObject observation = labObservation(labs::test(member), visit, issued);
            results.append(reference(QStringLiteral("Observation"),
                                     observation.value(QLatin1String("id")).toString()));
            m_resources.append(observation);
        }
        ++m_reportCount;
        QJsonObject report{
            {QStringLiteral("resourceType"), QStringLiteral("DiagnosticReport")},
            {QStringLiteral("id"),
             QStringLiteral("%1-dr-%2").arg(m_spec.id).arg(m_reportCount, 4, 10, QLatin1Char('0'))},
            {QStringLiteral("meta"), fhirjson::meta(issued)},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("category"),
             QJsonArray{codeableConcept(sys::diagnosticServiceSection, QStringLiteral("LAB"),
                                        QStringLiteral("Laboratory"))}},
            {QStringLiteral("code"), codeableConcept(sys::loinc, panel.loinc, panel.display)},
            {QStringLiteral("subject"), reference(QStringLiteral("Patient"), m_spec.id)},
            {QStringLiteral("effectiveDateTime"),
             fhirjson::dateTime(visit.utc, visit.offsetSeconds)},
            {QStringLiteral("issued"), fhirjson::instant(issued)},
            {QStringLiteral("performer"),
             QJsonArray{reference(QStringLiteral("Organization"), laboratoryId)}},
            {QStringLiteral("result"), results}};
        addLabWords(report, panel.display);
        m_resources.append(report);
    }

    // Some reports carry the lab's own words, as real ones do: a conclusion, and a short
    // presentedForm (inline HTML, as laboratory systems send it), which Kete reduces to text.
    // By count, not by chance: the rest of the record stays as it was.
    void addLabWords(QJsonObject &report, const QString &panel) const
    {
        if (m_reportCount % 3 == 1) {
            report.insert(QStringLiteral("conclusion"),
                          QStringLiteral("%1 reviewed by the laboratory; results as expected for "
                                         "the clinical picture. No further tests needed.")
                              .arg(panel));
        }
        if (m_reportCount % 4 == 2) {
            const QString html =
                QStringLiteral("<html><body><h3>%1</h3><p>Specimen received in good condition "
                               "and processed within 2 hours.</p><p>Interpretation: see the "
                               "reference ranges printed with each result. Results &lt; or "
                               "&gt; the range were checked twice.</p></body></html>")
                    .arg(panel.toHtmlEscaped());
            report.insert(
                QStringLiteral("presentedForm"),
                QJsonArray{QJsonObject{
                    {QStringLiteral("contentType"), QStringLiteral("text/html; charset=utf-8")},
                    {QStringLiteral("language"), QStringLiteral("en-NZ")},
                    {QStringLiteral("title"), QStringLiteral("Laboratory report")},
                    {QStringLiteral("data"), QString::fromLatin1(html.toUtf8().toBase64())}}});
        }
    }

    void addUrine(const Visit &visit)
    {
        const QDateTime issued = visit.utc.addSecs(2 * 86400 + 3600 * m_random.between(0, 8));
        QJsonObject culture =
            observation(categoryConcept("laboratory", "Laboratory"),
                        codeableConcept(sys::loinc, QStringLiteral("630-4"),
                                        QStringLiteral("Bacteria identified in Urine by Culture")),
                        visit, issued);
        const bool growth = m_random.chance(0.15);
        culture.insert(
            QStringLiteral("valueCodeableConcept"),
            growth
                ? codeableConcept(QJsonArray{coding(sys::snomed, QStringLiteral("112283007"),
                                                    QStringLiteral("Escherichia coli (organism)"))},
                                  QStringLiteral("Escherichia coli, > 100,000 CFU/mL"))
                : codeableConcept(QJsonArray{coding(sys::snomed, QStringLiteral("264868006"),
                                                    QStringLiteral("No growth (qualifier value)"))},
                                  QStringLiteral("No growth")));
        m_labIndexes.append(m_resources.size());
        m_resources.append(culture);

        QJsonObject colour = observation(
            categoryConcept("laboratory", "Laboratory"),
            codeableConcept(sys::loinc, QStringLiteral("5778-6"), QStringLiteral("Color of Urine")),
            visit, issuedAfter(visit));
        static const QStringList colours{QStringLiteral("Yellow"), QStringLiteral("Straw"),
                                         QStringLiteral("Pale yellow"),
                                         QStringLiteral("Dark yellow")};
        colour.insert(QStringLiteral("valueString"), m_random.pick(colours));
        m_labIndexes.append(m_resources.size());
        m_resources.append(colour);
    }

    QJsonObject vital(const char *loinc, const char *display, const Visit &visit)
    {
        return observation(
            categoryConcept("vital-signs", "Vital Signs"),
            codeableConcept(sys::loinc, QString::fromLatin1(loinc), QString::fromLatin1(display)),
            visit, visit.utc.addSecs(300));
    }

    void addVitals(const Visit &visit)
    {
        const double age = ageAt(visit.utc);
        const bool child = age < 18.0;
        const int systolic = int(std::round(m_spec.systolic + m_random.gaussian() * 8));
        const int diastolic = int(std::round(m_spec.diastolic + m_random.gaussian() * 5));
        QJsonObject pressure =
            vital("85354-9", "Blood pressure panel with all children optional", visit);
        const auto component = [&](const char *loinc, const char *display, int value) {
            return QJsonObject{
                {QStringLiteral("code"), codeableConcept(sys::loinc, QString::fromLatin1(loinc),
                                                         QString::fromLatin1(display))},
                {QStringLiteral("valueQuantity"),
                 quantity(value, QStringLiteral("mmHg"), QStringLiteral("mm[Hg]"))}};
        };
        QJsonObject systolicComponent = component("8480-6", "Systolic blood pressure", systolic);
        if (systolic >= 140)
            systolicComponent.insert(QStringLiteral("interpretation"),
                                     QJsonArray{interpretationConcept(QStringLiteral("H"))});
        pressure.insert(QStringLiteral("component"),
                        QJsonArray{systolicComponent,
                                   component("8462-4", "Diastolic blood pressure", diastolic)});
        m_resources.append(pressure);

        QJsonObject heartRate = vital("8867-4", "Heart rate", visit);
        heartRate.insert(QStringLiteral("valueQuantity"),
                         quantity(std::round(72 + m_random.gaussian() * 7),
                                  QStringLiteral("beats/minute"), QStringLiteral("/min")));
        m_resources.append(heartRate);

        // Children grow; adults drift a little.
        const double height =
            child ? roundTo(50 + age * 6.2 + m_random.gaussian() * 0.5, 1) : m_spec.heightCm;
        const double weight =
            child ? roundTo(3.5 + age * 2.6 + m_random.gaussian() * 0.4, 1)
                  : roundTo(m_spec.weightKg + 3 * visit.fraction + m_random.gaussian() * 0.8, 1);
        QJsonObject weightObservation = vital("29463-7", "Body weight", visit);
        weightObservation.insert(QStringLiteral("valueQuantity"),
                                 quantity(weight, QStringLiteral("kg"), QStringLiteral("kg")));
        m_resources.append(weightObservation);
        if (child || visit.index == 0) {
            QJsonObject heightObservation = vital("8302-2", "Body height", visit);
            heightObservation.insert(QStringLiteral("valueQuantity"),
                                     quantity(height, QStringLiteral("cm"), QStringLiteral("cm")));
            m_resources.append(heightObservation);
        }
        if (!child) {
            QJsonObject bmi = vital("39156-5", "Body mass index (BMI) [Ratio]", visit);
            bmi.insert(QStringLiteral("valueQuantity"),
                       quantity(roundTo(weight / std::pow(height / 100.0, 2), 1),
                                QStringLiteral("kg/m2"), QStringLiteral("kg/m2")));
            m_resources.append(bmi);
        }
        if (visit.index % 2 == 0) {
            QJsonObject temperature = vital("8310-5", "Body temperature", visit);
            temperature.insert(QStringLiteral("valueQuantity"),
                               quantity(roundTo(36.8 + m_random.gaussian() * 0.3, 1),
                                        QStringLiteral("°C"), QStringLiteral("Cel")));
            m_resources.append(temperature);
        }
        if (visit.index % 3 == 0) {
            QJsonObject saturation = observation(
                categoryConcept("vital-signs", "Vital Signs"),
                codeableConcept(QJsonArray{coding(sys::loinc, QStringLiteral("59408-5"),
                                                  QStringLiteral("Oxygen saturation in Arterial "
                                                                 "blood by Pulse oximetry")),
                                           coding(sys::loinc, QStringLiteral("2708-6"),
                                                  QStringLiteral("Oxygen saturation in Arterial "
                                                                 "blood"))}),
                visit, visit.utc.addSecs(300));
            saturation.insert(QStringLiteral("valueQuantity"),
                              quantity(std::min(100.0, std::round(97 + m_random.gaussian())),
                                       QStringLiteral("%"), QStringLiteral("%")));
            m_resources.append(saturation);
        }
    }

    // Mostly final; every other status at least once: the newest lab is still preliminary,
    // and four earlier ones were amended, corrected, cancelled or entered in error.
    void assignStatuses()
    {
        if (m_labIndexes.size() < 6)
            return;
        m_resources[m_labIndexes.last()].insert(QStringLiteral("status"),
                                                QStringLiteral("preliminary"));
        QList<qsizetype> candidates = m_labIndexes.mid(0, m_labIndexes.size() - 1);
        const QList<const char *> statuses{"amended", "corrected", "cancelled", "entered-in-error"};
        for (const char *status : statuses) {
            const qsizetype index = candidates.takeAt(m_random.between(0, int(candidates.size())));
            QJsonObject &observation = m_resources[index];
            observation.insert(QStringLiteral("status"), QString::fromLatin1(status));
            if (qstrcmp(status, "cancelled") == 0) {
                for (const char *key : {"valueQuantity", "valueString", "valueCodeableConcept",
                                        "interpretation", "referenceRange"})
                    observation.remove(QLatin1String(key));
                observation.insert(QStringLiteral("dataAbsentReason"),
                                   codeableConcept(sys::dataAbsentReason,
                                                   QStringLiteral("not-performed"),
                                                   QStringLiteral("Not Performed")));
            } else if (qstrcmp(status, "entered-in-error") != 0) {
                observation.insert(
                    QStringLiteral("note"),
                    QJsonArray{QJsonObject{{QStringLiteral("text"),
                                            QStringLiteral("Result %1 after laboratory review.")
                                                .arg(QString::fromLatin1(status))}}});
            }
        }
    }

    // The large record: point-of-care glucose and heart rate readings (as from home
    // monitoring) spread over the history until the patient has `count` more Observations.
    void addMonitoring(int count)
    {
        const QDateTime start = historyStart();
        const qint64 span = start.secsTo(historyEnd());
        const labs::LabTest &glucose = labs::test(QStringLiteral("2339-0"));
        const QJsonObject glucoseCode = codeableConcept(sys::loinc, glucose.loinc, glucose.display);
        const QJsonArray glucoseRange = referenceRanges(glucose, Visit{});
        const QJsonObject heartRateCode =
            codeableConcept(sys::loinc, QStringLiteral("8867-4"), QStringLiteral("Heart rate"));
        const QJsonObject lab = categoryConcept("laboratory", "Laboratory");
        const QJsonObject vitalSigns = categoryConcept("vital-signs", "Vital Signs");
        // Built once and copied: the large record must generate in well under two seconds.
        const QJsonObject glucoseTemplate = [&] {
            QJsonObject object = observationTemplate(lab, glucoseCode);
            object.insert(QStringLiteral("referenceRange"), glucoseRange);
            return object;
        }();
        const QJsonObject heartRateTemplate = observationTemplate(vitalSigns, heartRateCode);
        QHash<QString, QJsonArray> interpretations;
        for (const char *code : {"N", "H", "L", "HH", "LL"}) {
            interpretations.insert(QString::fromLatin1(code),
                                   QJsonArray{interpretationConcept(QString::fromLatin1(code))});
        }
        for (int i = 0; i < count; ++i) {
            const QDateTime when = start.addSecs(span * i / count);
            const QDateTime issued = when.addSecs(60);
            const bool isGlucose = i % 2 == 0;
            QJsonObject reading = stamped(isGlucose ? glucoseTemplate : heartRateTemplate, when,
                                          offsetSecondsOn(when.date()), issued);
            if (isGlucose) {
                const double value = roundTo(std::max(35.0, 125 + m_random.gaussian() * 30), 0);
                reading.insert(QStringLiteral("valueQuantity"),
                               quantity(value, QStringLiteral("mg/dL"), QStringLiteral("mg/dL")));
                reading.insert(QStringLiteral("interpretation"),
                               interpretations.value(
                                   interpretationCode(glucose.normal, glucose.critical, value)));
            } else {
                reading.insert(QStringLiteral("valueQuantity"),
                               quantity(std::round(76 + m_random.gaussian() * 9),
                                        QStringLiteral("beats/minute"), QStringLiteral("/min")));
            }
            m_resources.append(reading);
        }
    }

    void addConditions()
    {
        int number = 0;
        for (const ConditionSpec &spec : m_spec.conditions) {
            ++number;
            m_resources.append(conditionResource(
                spec,
                QStringLiteral("%1-cond-%2").arg(m_spec.id).arg(number, 2, 10, QLatin1Char('0')),
                m_spec.id, reference(QStringLiteral("Practitioner"), m_spec.practitionerId)));
        }
    }

    const PatientSpec &m_spec;
    const GeneratorOptions &m_options;
    Random m_random;
    QList<QJsonObject> m_resources;
    QList<qsizetype> m_labIndexes;
    int m_observationCount = 0;
    int m_reportCount = 0;
};

// The extra patients: names and conditions from the roster's pool, the rest at random.
QList<PatientSpec> extraPatients(int count, quint32 seed)
{
    const people::Roster &roster = people::roster();
    const people::ExtraPatientPool &pool = roster.extras;
    Random random(seed ^ stableHash(QStringLiteral("extra-patients")));
    QList<PatientSpec> result;
    for (int i = 0; i < count; ++i) {
        PatientSpec spec;
        spec.id = QStringLiteral("extra-%1").arg(i + 1, 3, 10, QLatin1Char('0'));
        const bool female = random.chance(0.5);
        spec.gender = female ? QStringLiteral("female") : QStringLiteral("male");
        spec.given = random.pick(female ? pool.femaleNames : pool.maleNames);
        spec.family = random.pick(pool.familyNames);
        spec.birthDate =
            QDate(1945 + random.between(0, 60), random.between(1, 13), random.between(1, 29));
        spec.login = spec.id;
        spec.practitionerId =
            random.chance(0.5) ? roster.clinicians.at(0).id : roster.clinicians.at(1).id;
        spec.mrn = QStringLiteral("KT2%1").arg(i + 1, 5, 10, QLatin1Char('0'));
        spec.city = pool.city;
        spec.visitsPerYear = random.between(1, 4);
        spec.weightKg = 60 + random.between(0, 40);
        spec.heightCm = female ? 160 + random.between(0, 15) : 170 + random.between(0, 20);
        spec.systolic = pool.systolic;
        spec.diastolic = pool.diastolic;
        spec.orders = pool.orders;
        for (const ConditionSpec &condition : pool.conditions) {
            if (random.chance(0.3))
                spec.conditions.append(condition);
        }
        result.append(spec);
    }
    return result;
}

QJsonObject laboratory(const QDate &referenceDate)
{
    return QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Organization")},
                       {QStringLiteral("id"), laboratoryId},
                       {QStringLiteral("meta"),
                        fhirjson::meta(QDateTime(referenceDate, QTime(12, 0), QTimeZone::utc()))},
                       {QStringLiteral("active"), true},
                       {QStringLiteral("type"),
                        QJsonArray{codeableConcept(
                            QLatin1String("http://terminology.hl7.org/CodeSystem/"
                                          "organization-type"),
                            QStringLiteral("prov"), QStringLiteral("Healthcare Provider"))}},
                       {QStringLiteral("name"), QStringLiteral("Kete Community Laboratory")}};
}

QJsonObject practitioner(const people::ClinicianSpec &clinician, const QDate &referenceDate)
{
    return QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Practitioner")},
        {QStringLiteral("id"), clinician.id},
        {QStringLiteral("meta"),
         fhirjson::meta(QDateTime(referenceDate, QTime(12, 0), QTimeZone::utc()))},
        {QStringLiteral("identifier"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), fhirjson::system::practitionerId},
                                {QStringLiteral("value"), clinician.identifier}}}},
        {QStringLiteral("active"), true},
        {QStringLiteral("name"),
         QJsonArray{QJsonObject{{QStringLiteral("family"), clinician.family},
                                {QStringLiteral("given"), QJsonArray{clinician.given}},
                                {QStringLiteral("prefix"), QJsonArray{QStringLiteral("Dr")}},
                                {QStringLiteral("text"), clinician.displayName()}}}},
        {QStringLiteral("telecom"),
         QJsonArray{QJsonObject{
             {QStringLiteral("system"), QStringLiteral("email")},
             {QStringLiteral("value"),
              QString(clinician.given.toLower() + QLatin1Char('.') + clinician.family.toLower() +
                      QStringLiteral("@kete.example.org"))}}}}};
}

} // namespace

PatientGenerator::PatientGenerator(GeneratorOptions options)
    : m_options(std::move(options))
{}

QString PatientGenerator::largePatientId()
{
    return QStringLiteral("grace-huang");
}

QString PatientGenerator::childPatientId()
{
    return QStringLiteral("lily-chen");
}

QString PatientGenerator::noConditionsPatientId()
{
    return QStringLiteral("sam-taylor");
}

DemoDirectory PatientGenerator::generate(ResourceStore &store) const
{
    QElapsedTimer timer;
    timer.start();
    DemoDirectory directory;

    const people::Roster &roster = people::roster();
    store.add(laboratory(m_options.referenceDate));
    for (const people::ClinicianSpec &clinician : roster.clinicians) {
        store.add(practitioner(clinician, m_options.referenceDate));
        directory.clinicians.append({clinician.id, clinician.displayName(), clinician.login});
    }

    const QList<PatientSpec> people =
        roster.patients + extraPatients(m_options.extraPatients, m_options.seed);
    qsizetype resourceCount = roster.clinicians.size() + 1;
    for (const PatientSpec &spec : people) {
        GeneratedPatient record(spec, m_options, m_options.seed);
        const int target = spec.id == largePatientId() ? m_options.largePatientObservations : 0;
        const QList<QJsonObject> resources = record.build(target);
        for (const QJsonObject &resource : resources)
            store.add(resource);
        resourceCount += resources.size();
        directory.patients.append({spec.id, spec.displayName(), spec.login});
    }
    qCInfo(lcSandbox) << "Generated" << people.size() << "patients," << resourceCount
                      << "resources in" << timer.elapsed() << "ms";
    return directory;
}

} // namespace kete::sandbox
