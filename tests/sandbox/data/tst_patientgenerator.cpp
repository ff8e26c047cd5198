#include "sandbox/data/patientgenerator.h"
#include "sandbox/data/resourcestore.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <functional>

#if defined(__SANITIZE_ADDRESS__) // GCC
#define KETE_UNDER_ASAN
#elif defined(__clang__)
#if __has_feature(address_sanitizer)
#define KETE_UNDER_ASAN
#endif
#endif

using namespace kete::sandbox;

namespace {

const QString loinc = QStringLiteral("http://loinc.org");
const QString ucum = QStringLiteral("http://unitsofmeasure.org");

QByteArray dump(const ResourceStore &store)
{
    QByteArray bytes;
    for (const QString &type : store.types()) {
        for (const QJsonObject &resource : store.all(type))
            bytes += QJsonDocument(resource).toJson(QJsonDocument::Compact) + '\n';
    }
    return bytes;
}

QList<QJsonObject> find(const ResourceStore &store, const QString &type,
                        const QList<SearchParameter> &parameters)
{
    const auto result = store.search(type, parameters);
    if (!result.ok())
        qWarning() << result.error().detail;
    return result.ok() ? result.value() : QList<QJsonObject>();
}

QString firstCode(const QJsonValue &codeable)
{
    return codeable.toObject()
        .value(QLatin1String("coding"))
        .toArray()
        .first()
        .toObject()
        .value(QLatin1String("code"))
        .toString();
}

bool hasCoding(const QJsonValue &codeable, const QString &system, const QString &code = {})
{
    for (const QJsonValue &coding : codeable.toObject().value(QLatin1String("coding")).toArray()) {
        const QJsonObject object = coding.toObject();
        if (object.value(QLatin1String("system")).toString() == system &&
            (code.isEmpty() || object.value(QLatin1String("code")).toString() == code))
            return true;
    }
    return false;
}

void collectReferences(const QJsonValue &value, QStringList &references)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("reference") && it->isString())
                references.append(it->toString());
            else
                collectReferences(*it, references);
        }
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectReferences(item, references);
    }
}

} // namespace

class TestPatientGenerator : public QObject
{
    Q_OBJECT

private:
    ResourceStore m_store; // the default generation
    DemoDirectory m_directory;
    qint64 m_generationMs = 0;

    QList<QJsonObject> ofPatient(const QString &type, const QString &patientId) const
    {
        return find(m_store, type, {{QStringLiteral("patient"), patientId}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QElapsedTimer timer;
        timer.start();
        m_directory = PatientGenerator().generate(m_store);
        m_generationMs = timer.elapsed();
        qInfo("Default generation (%lld Observations): %lld ms",
              qlonglong(m_store.count(QStringLiteral("Observation"))), m_generationMs);
    }

    void generationIsFastEnough()
    {
#ifdef KETE_UNDER_ASAN
        QSKIP("a speed under AddressSanitizer says nothing about the speed without it");
#endif
        // The brief is under ~2 s in a Debug build; leave room for a loaded CI machine.
        QVERIFY2(m_generationMs < 6000, qPrintable(QString::number(m_generationMs)));
    }

    void sameSeedGivesIdenticalJson()
    {
        GeneratorOptions options;
        options.largePatientObservations = 300;
        options.extraPatients = 3;
        ResourceStore first;
        ResourceStore second;
        PatientGenerator(options).generate(first);
        PatientGenerator(options).generate(second);
        const QByteArray bytes = dump(first);
        QVERIFY(bytes.size() > 100'000);
        QCOMPARE(dump(second), bytes);

        options.seed = 7;
        ResourceStore other;
        PatientGenerator(options).generate(other);
        QVERIFY(dump(other) != bytes);
        // Same people, other numbers.
        QCOMPARE(other.patientIds(), first.patientIds());
    }

    void extraPatientsLeaveDescribedOnesUnchanged()
    {
        GeneratorOptions options;
        options.largePatientObservations = 0;
        ResourceStore without;
        PatientGenerator(options).generate(without);
        options.extraPatients = 4;
        ResourceStore with;
        const DemoDirectory directory = PatientGenerator(options).generate(with);
        QCOMPARE(with.patientIds().size(), without.patientIds().size() + 4);
        QCOMPARE(directory.patients.size(), with.patientIds().size());
        QVERIFY(directory.patientByLogin(QStringLiteral("extra-004")).has_value());
        const QList<SearchParameter> amy{{QStringLiteral("patient"), QStringLiteral("amy-shaw")}};
        QCOMPARE(find(with, QStringLiteral("Observation"), amy),
                 find(without, QStringLiteral("Observation"), amy));
    }

    void directoryDescribesWhoCanSignIn()
    {
        QVERIFY(m_directory.patients.size() >= 6);
        QCOMPARE(m_directory.clinicians.size(), 2);
        QCOMPARE(m_store.count(QStringLiteral("Practitioner")), 2);
        QCOMPARE(m_store.patientIds().size(), m_directory.patients.size());
        for (const DemoPatient &patient : std::as_const(m_directory.patients)) {
            QVERIFY(m_store.read(QStringLiteral("Patient"), patient.patientId).has_value());
            QVERIFY(!patient.login.isEmpty());
            QVERIFY(!patient.displayName.isEmpty());
        }
        for (const DemoClinician &clinician : std::as_const(m_directory.clinicians))
            QVERIFY(m_store.read(QStringLiteral("Practitioner"), clinician.practitionerId));
        const auto amy = m_directory.patientByLogin(QStringLiteral("AMY"));
        QVERIFY(amy.has_value());
        QCOMPARE(amy->patientId, QStringLiteral("amy-shaw"));
        QCOMPARE(m_directory.clinicianByLogin(QStringLiteral("dr.parata"))->practitionerId,
                 QStringLiteral("dr-rangi-parata"));
        QVERIFY(DemoDirectory::isDemoPassword(QStringLiteral("demo")));
        QVERIFY(!DemoDirectory::isDemoPassword(QStringLiteral("Demo")));
        QVERIFY(!DemoDirectory::isDemoPassword(QString()));
    }

    void requiredPeopleArePresent()
    {
        const QDate today = GeneratorOptions().referenceDate;
        QSet<QString> adultSexes;
        bool child = false;
        for (const QJsonObject &patient : m_store.all(QStringLiteral("Patient"))) {
            const QDate birth = QDate::fromString(
                patient.value(QLatin1String("birthDate")).toString(), Qt::ISODate);
            QVERIFY(birth.isValid());
            if (birth.addYears(18) > today)
                child = true;
            else
                adultSexes.insert(patient.value(QLatin1String("gender")).toString());
            const QJsonObject identifier =
                patient.value(QLatin1String("identifier")).toArray().first().toObject();
            QCOMPARE(identifier.value(QLatin1String("system")).toString(),
                     QStringLiteral("https://kete.example.org/mrn"));
            QVERIFY(!identifier.value(QLatin1String("value")).toString().isEmpty());
            QVERIFY(!patient.value(QLatin1String("name")).toArray().isEmpty());
        }
        QVERIFY(child);
        QCOMPARE(adultSexes, (QSet<QString>{QStringLiteral("female"), QStringLiteral("male")}));

        const QString childId = PatientGenerator::childPatientId();
        const QDate childBirth = QDate::fromString(m_store.read(QStringLiteral("Patient"), childId)
                                                       ->value(QLatin1String("birthDate"))
                                                       .toString(),
                                                   Qt::ISODate);
        QVERIFY(childBirth.addYears(18) > today);
        QVERIFY(!ofPatient(QStringLiteral("Observation"), childId).isEmpty());

        const QString noConditions = PatientGenerator::noConditionsPatientId();
        QVERIFY(ofPatient(QStringLiteral("Condition"), noConditions).isEmpty());
        QVERIFY(!find(m_store, QStringLiteral("Observation"),
                      {{QStringLiteral("patient"), noConditions},
                       {QStringLiteral("category"), QStringLiteral("laboratory")}})
                     .isEmpty());
    }

    void largePatientHasTwentyThousandObservations()
    {
        const QList<QJsonObject> observations =
            ofPatient(QStringLiteral("Observation"), PatientGenerator::largePatientId());
        QVERIFY2(observations.size() >= 20000, qPrintable(QString::number(observations.size())));
        // The others stay small.
        QVERIFY(ofPatient(QStringLiteral("Observation"), QStringLiteral("amy-shaw")).size() < 2000);

        GeneratorOptions options;
        options.largePatientObservations = 3000;
        ResourceStore bigger;
        PatientGenerator(options).generate(bigger);
        QCOMPARE(find(bigger, QStringLiteral("Observation"),
                      {{QStringLiteral("patient"), PatientGenerator::largePatientId()}})
                     .size(),
                 3000);
    }

    void everyPatientWithLabsHasEveryStatus()
    {
        const QSet<QString> required{
            QStringLiteral("final"),     QStringLiteral("amended"),
            QStringLiteral("corrected"), QStringLiteral("preliminary"),
            QStringLiteral("cancelled"), QStringLiteral("entered-in-error")};
        for (const QString &patientId : m_store.patientIds()) {
            const QList<QJsonObject> labs =
                find(m_store, QStringLiteral("Observation"),
                     {{QStringLiteral("patient"), patientId},
                      {QStringLiteral("category"), QStringLiteral("laboratory")}});
            if (labs.isEmpty())
                continue;
            QSet<QString> statuses;
            int finals = 0;
            for (const QJsonObject &lab : labs) {
                const QString status = lab.value(QLatin1String("status")).toString();
                statuses.insert(status);
                finals += status == QLatin1String("final");
                if (status == QLatin1String("cancelled")) {
                    QVERIFY(!lab.contains(QLatin1String("valueQuantity")));
                    QVERIFY(lab.contains(QLatin1String("dataAbsentReason")));
                }
            }
            QVERIFY2(statuses.contains(required), qPrintable(patientId));
            QVERIFY2(finals > labs.size() / 2, qPrintable(patientId));
        }
    }

    void labShapes()
    {
        const QRegularExpression offsetDateTime(
            QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}$"));
        QSet<QString> interpretations;
        QSet<QString> comparators;
        bool withoutInterpretation = false, valueString = false, noGrowth = false;
        bool appliesToSex = false, ageRange = false, textOnly = false;
        QSet<QString> loincCodes;
        for (const QJsonObject &observation : m_store.all(QStringLiteral("Observation"))) {
            QVERIFY(observation.value(QLatin1String("meta"))
                        .toObject()
                        .contains(QLatin1String("lastUpdated")));
            const QString effective =
                observation.value(QLatin1String("effectiveDateTime")).toString();
            QVERIFY2(offsetDateTime.match(effective).hasMatch(), qPrintable(effective));
            QVERIFY(observation.contains(QLatin1String("issued")));
            QVERIFY(hasCoding(observation.value(QLatin1String("code")), loinc));
            const QJsonValue category =
                observation.value(QLatin1String("category")).toArray().first();
            QVERIFY(hasCoding(
                category,
                QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category")));
            if (firstCode(category) != QLatin1String("laboratory"))
                continue;
            loincCodes.insert(firstCode(observation.value(QLatin1String("code"))));
            const QJsonObject quantity =
                observation.value(QLatin1String("valueQuantity")).toObject();
            if (!quantity.isEmpty()) {
                QCOMPARE(quantity.value(QLatin1String("system")).toString(), ucum);
                QVERIFY(!quantity.value(QLatin1String("code")).toString().isEmpty());
                if (quantity.contains(QLatin1String("comparator")))
                    comparators.insert(quantity.value(QLatin1String("comparator")).toString());
                if (observation.contains(QLatin1String("interpretation"))) {
                    const QJsonValue interpretation =
                        observation.value(QLatin1String("interpretation")).toArray().first();
                    QVERIFY(hasCoding(interpretation,
                                      QStringLiteral("http://terminology.hl7.org/CodeSystem/"
                                                     "v3-ObservationInterpretation")));
                    interpretations.insert(firstCode(interpretation));
                } else {
                    withoutInterpretation = true;
                }
            }
            valueString |= observation.contains(QLatin1String("valueString"));
            noGrowth |=
                hasCoding(observation.value(QLatin1String("valueCodeableConcept")),
                          QStringLiteral("http://snomed.info/sct"), QStringLiteral("264868006"));
            for (const QJsonValue &range :
                 observation.value(QLatin1String("referenceRange")).toArray()) {
                const QJsonObject object = range.toObject();
                appliesToSex |= object.contains(QLatin1String("appliesTo"));
                ageRange |= object.contains(QLatin1String("age"));
                textOnly |= object.contains(QLatin1String("text")) &&
                            !object.contains(QLatin1String("low")) &&
                            !object.contains(QLatin1String("high"));
            }
        }
        QCOMPARE(interpretations,
                 (QSet<QString>{QStringLiteral("H"), QStringLiteral("L"), QStringLiteral("HH"),
                                QStringLiteral("LL"), QStringLiteral("N")}));
        QCOMPARE(comparators, (QSet<QString>{QStringLiteral("<"), QStringLiteral(">")}));
        QVERIFY(withoutInterpretation);
        QVERIFY(valueString);
        QVERIFY(noGrowth);
        QVERIFY(appliesToSex);
        QVERIFY(ageRange);
        QVERIFY(textOnly);
        QVERIFY2(loincCodes.size() >= 20, qPrintable(QString::number(loincCodes.size())));
    }

    void panelsAreDiagnosticReports_data()
    {
        QTest::addColumn<QString>("panel");
        QTest::addColumn<int>("members");
        QTest::newRow("CBC") << QStringLiteral("58410-2") << 5;
        QTest::newRow("basic metabolic") << QStringLiteral("51990-0") << 8;
        QTest::newRow("lipid") << QStringLiteral("57698-3") << 4;
    }
    void panelsAreDiagnosticReports()
    {
        QFETCH(QString, panel);
        QFETCH(int, members);
        const QList<QJsonObject> reports =
            find(m_store, QStringLiteral("DiagnosticReport"),
                 {{QStringLiteral("code"), QString(loinc + QLatin1Char('|') + panel)},
                  {QStringLiteral("category"),
                   QStringLiteral("http://terminology.hl7.org/CodeSystem/v2-0074|LAB")}});
        QVERIFY(!reports.isEmpty());
        for (const QJsonObject &report : reports) {
            const QJsonArray results = report.value(QLatin1String("result")).toArray();
            QCOMPARE(results.size(), members);
            for (const QJsonValue &result : results) {
                const QString reference =
                    result.toObject().value(QLatin1String("reference")).toString();
                QVERIFY(reference.startsWith(QLatin1String("Observation/")));
                const auto observation =
                    m_store.read(QStringLiteral("Observation"), reference.mid(12));
                QVERIFY(observation.has_value());
                QCOMPARE(ResourceStore::patientOf(*observation), ResourceStore::patientOf(report));
                QCOMPARE(observation->value(QLatin1String("effectiveDateTime")),
                         report.value(QLatin1String("effectiveDateTime")));
            }
        }
    }

    void bloodPressureHasComponents()
    {
        const QList<QJsonObject> pressures =
            find(m_store, QStringLiteral("Observation"),
                 {{QStringLiteral("patient"), QStringLiteral("amy-shaw")},
                  {QStringLiteral("code"), QStringLiteral("http://loinc.org|85354-9")},
                  {QStringLiteral("category"), QStringLiteral("vital-signs")}});
        QVERIFY(pressures.size() >= 10);
        const QJsonArray components = pressures.first().value(QLatin1String("component")).toArray();
        QCOMPARE(components.size(), 2);
        QCOMPARE(firstCode(components.at(0).toObject().value(QLatin1String("code"))),
                 QStringLiteral("8480-6"));
        QCOMPARE(firstCode(components.at(1).toObject().value(QLatin1String("code"))),
                 QStringLiteral("8462-4"));
        QCOMPARE(components.at(1)
                     .toObject()
                     .value(QLatin1String("valueQuantity"))
                     .toObject()
                     .value(QLatin1String("code")),
                 QJsonValue(QStringLiteral("mm[Hg]")));
        // A few other vital signs too.
        for (const char *code : {"8867-4", "29463-7", "8302-2", "39156-5"}) {
            QVERIFY2(!find(m_store, QStringLiteral("Observation"),
                           {{QStringLiteral("patient"), QStringLiteral("amy-shaw")},
                            {QStringLiteral("code"), QString::fromLatin1(code)}})
                          .isEmpty(),
                     code);
        }
    }

    void conditionShapes()
    {
        QSet<QString> clinical, verification, categories, onsets, abatements;
        bool icd10 = false;
        for (const QJsonObject &condition : m_store.all(QStringLiteral("Condition"))) {
            QVERIFY(hasCoding(condition.value(QLatin1String("code")),
                              QStringLiteral("http://snomed.info/sct")));
            icd10 |= hasCoding(condition.value(QLatin1String("code")),
                               QStringLiteral("http://hl7.org/fhir/sid/icd-10-cm"));
            QVERIFY(condition.contains(QLatin1String("recordedDate")));
            if (condition.contains(QLatin1String("clinicalStatus")))
                clinical.insert(firstCode(condition.value(QLatin1String("clinicalStatus"))));
            verification.insert(firstCode(condition.value(QLatin1String("verificationStatus"))));
            categories.insert(
                firstCode(condition.value(QLatin1String("category")).toArray().first()));
            for (const QString &key : condition.keys()) {
                if (key.startsWith(QLatin1String("onset")))
                    onsets.insert(key);
                if (key.startsWith(QLatin1String("abatement")))
                    abatements.insert(key);
            }
        }
        QVERIFY(icd10);
        QVERIFY(clinical.contains(QSet<QString>{
            QStringLiteral("active"), QStringLiteral("recurrence"), QStringLiteral("remission"),
            QStringLiteral("resolved"), QStringLiteral("inactive")}));
        QVERIFY(verification.contains(QSet<QString>{QStringLiteral("confirmed"),
                                                    QStringLiteral("provisional"),
                                                    QStringLiteral("unconfirmed")}));
        QCOMPARE(categories, (QSet<QString>{QStringLiteral("problem-list-item"),
                                            QStringLiteral("encounter-diagnosis"),
                                            QStringLiteral("health-concern")}));
        const QSet<QString> kinds{QStringLiteral("DateTime"), QStringLiteral("Age"),
                                  QStringLiteral("Period"), QStringLiteral("String")};
        for (const QString &kind : kinds) {
            QVERIFY2(onsets.contains(QStringLiteral("onset") + kind), qPrintable(kind));
            QVERIFY2(abatements.contains(QStringLiteral("abatement") + kind), qPrintable(kind));
        }
    }

    void everyReferenceResolves()
    {
        static const QRegularExpression shape(
            QStringLiteral("^([A-Z][A-Za-z]+)/([A-Za-z0-9.-]{1,64})$"));
        int checked = 0;
        for (const QString &type : m_store.types()) {
            for (const QJsonObject &resource : m_store.all(type)) {
                QVERIFY(resource.value(QLatin1String("meta"))
                            .toObject()
                            .contains(QLatin1String("lastUpdated")));
                QStringList references;
                collectReferences(resource, references);
                for (const QString &reference : std::as_const(references)) {
                    const auto match = shape.match(reference);
                    QVERIFY2(match.hasMatch(), qPrintable(reference));
                    QVERIFY2(m_store.read(match.captured(1), match.captured(2)).has_value(),
                             qPrintable(reference));
                    ++checked;
                }
            }
        }
        QVERIFY(checked > 20000);
    }

    void seriesSortByDate()
    {
        const QList<QJsonObject> series =
            find(m_store, QStringLiteral("Observation"),
                 {{QStringLiteral("patient"), QStringLiteral("hemi-walker")},
                  {QStringLiteral("code"), QStringLiteral("4548-4")},
                  {QStringLiteral("_sort"), QStringLiteral("date")}});
        QVERIFY(series.size() >= 20);
        const QDateTime first = QDateTime::fromString(
            series.first().value(QLatin1String("effectiveDateTime")).toString(), Qt::ISODate);
        const QDateTime last = QDateTime::fromString(
            series.last().value(QLatin1String("effectiveDateTime")).toString(), Qt::ISODate);
        QVERIFY(first.daysTo(last) > 4 * 365);
        for (qsizetype i = 1; i < series.size(); ++i) {
            QVERIFY(QDateTime::fromString(
                        series.at(i - 1).value(QLatin1String("effectiveDateTime")).toString(),
                        Qt::ISODate) <=
                    QDateTime::fromString(
                        series.at(i).value(QLatin1String("effectiveDateTime")).toString(),
                        Qt::ISODate));
        }
    }

    void oneDeceasedPatientWithAnAccount()
    {
        // Patient.deceasedDateTime on one described patient: an account to sign in with (a
        // clinician's list shows them too), and no care recorded after the death.
        QStringList deceased;
        for (const QJsonObject &patient : m_store.all(QStringLiteral("Patient"))) {
            const QString id = patient.value(QLatin1String("id")).toString();
            if (!patient.contains(QLatin1String("deceasedDateTime"))) {
                QVERIFY2(!patient.contains(QLatin1String("deceasedBoolean")), qPrintable(id));
                continue;
            }
            deceased.append(id);
            const QDateTime death = QDateTime::fromString(
                patient.value(QLatin1String("deceasedDateTime")).toString(), Qt::ISODate);
            QVERIFY2(death.isValid(), qPrintable(id));
            QVERIFY(death.date() < GeneratorOptions().referenceDate);
            const QDate birth = QDate::fromString(
                patient.value(QLatin1String("birthDate")).toString(), Qt::ISODate);
            QVERIFY(birth < death.date());
            const std::optional<DemoPatient> account = m_directory.patientById(id);
            QVERIFY(account.has_value());
            QVERIFY(!account->login.isEmpty());

            const QList<QJsonObject> observations = ofPatient(QStringLiteral("Observation"), id);
            QVERIFY(observations.size() > 20);
            for (const QJsonObject &observation : observations) {
                const QDateTime when = QDateTime::fromString(
                    observation.value(QLatin1String("effectiveDateTime")).toString(), Qt::ISODate);
                QVERIFY2(when.isValid() && when < death,
                         qPrintable(observation.value(QLatin1String("id")).toString()));
            }
            const QList<QJsonObject> conditions = ofPatient(QStringLiteral("Condition"), id);
            QVERIFY(!conditions.isEmpty());
            for (const QJsonObject &condition : conditions) {
                const QDate recorded = QDate::fromString(
                    condition.value(QLatin1String("recordedDate")).toString().left(10),
                    Qt::ISODate);
                QVERIFY(recorded.isValid() && recorded <= death.date());
            }
        }
        QCOMPARE(deceased.size(), 1);
        // The living ones stay alive: the described patients' records are unchanged.
        QVERIFY(!m_store.read(QStringLiteral("Patient"), QStringLiteral("peter-novak"))
                     ->contains(QLatin1String("deceasedDateTime")));
    }
};

QTEST_GUILESS_MAIN(TestPatientGenerator)
#include "tst_patientgenerator.moc"
