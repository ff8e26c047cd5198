#include "sandbox/data/demopeople.h"
#include "sandbox/data/jsonresource.h"
#include "sandbox/data/labcatalog.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace kete::sandbox;

namespace {

template<typename List> bool hasDuplicates(const List &list)
{
    return QSet<typename List::value_type>(list.cbegin(), list.cend()).size() != list.size();
}

} // namespace

// The generator's tables (demo-people.json, lab-catalog.json) hold together: every reference
// resolves and nothing is listed twice.
class TestGeneratorData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void peopleAreDistinct()
    {
        const people::Roster &roster = people::roster();
        QStringList ids;
        QStringList logins;
        QStringList mrns;
        for (const people::ClinicianSpec &clinician : roster.clinicians) {
            ids.append(clinician.id);
            logins.append(clinician.login);
        }
        for (const people::PatientSpec &patient : roster.patients) {
            ids.append(patient.id);
            logins.append(patient.login);
            mrns.append(patient.mrn);
            QVERIFY2(patient.birthDate.isValid(), qPrintable(patient.id));
            QVERIFY2(patient.gender == QLatin1String("female") ||
                         patient.gender == QLatin1String("male"),
                     qPrintable(patient.id));
        }
        QVERIFY(!hasDuplicates(ids));
        QVERIFY(!hasDuplicates(logins));
        QVERIFY(!hasDuplicates(mrns));
        const people::ExtraPatientPool &extras = roster.extras;
        QVERIFY(!hasDuplicates(extras.femaleNames));
        QVERIFY(!hasDuplicates(extras.maleNames));
        QVERIFY(!hasDuplicates(extras.familyNames));
    }

    void referencesResolve()
    {
        const people::Roster &roster = people::roster();
        QSet<QString> clinicianIds;
        for (const people::ClinicianSpec &clinician : roster.clinicians)
            clinicianIds.insert(clinician.id);
        for (const people::PatientSpec &patient : roster.patients) {
            QVERIFY2(clinicianIds.contains(patient.practitionerId), qPrintable(patient.id));
            for (auto it = patient.trends.cbegin(); it != patient.trends.cend(); ++it)
                QVERIFY2(labs::find(it.key()), qPrintable(it.key()));
            for (const people::ForcedValue &forced : patient.forced)
                QVERIFY2(labs::find(forced.loinc), qPrintable(forced.loinc));
            QStringList conditionCodes;
            for (const people::ConditionSpec &condition : patient.conditions) {
                QVERIFY2(!condition.snomedDisplay.isEmpty(), qPrintable(condition.snomed));
                QVERIFY2(condition.recorded.isValid(), qPrintable(condition.snomed));
                conditionCodes.append(condition.snomed);
            }
            QVERIFY2(!hasDuplicates(conditionCodes), qPrintable(patient.id));
        }
        for (const labs::Panel *panel : {&labs::cbc(), &labs::basicMetabolic(), &labs::lipid()}) {
            QVERIFY(!panel->members.isEmpty());
            for (const QString &member : panel->members)
                QVERIFY2(labs::find(member), qPrintable(member));
        }
    }

    void everyConditionCodeIsUsed()
    {
        const QJsonObject root = readJsonResource(QStringLiteral(":/sandbox/demo-people.json"));
        QSet<QString> used;
        const people::Roster &roster = people::roster();
        for (const people::PatientSpec &patient : roster.patients) {
            for (const people::ConditionSpec &condition : patient.conditions)
                used.insert(condition.snomed);
            for (const people::ConditionSpec &condition : patient.hospital.conditions)
                used.insert(condition.snomed);
        }
        for (const people::ConditionSpec &condition : roster.extras.conditions)
            used.insert(condition.snomed);
        const QStringList listed = root.value(QLatin1String("conditionCodes")).toObject().keys();
        QCOMPARE(QSet<QString>(listed.cbegin(), listed.cend()), used);
    }

    void labTestsAreListedOnce()
    {
        const QJsonObject root = readJsonResource(QStringLiteral(":/sandbox/lab-catalog.json"));
        QStringList loincs;
        for (const QJsonValue &test : root.value(QLatin1String("tests")).toArray())
            loincs.append(test.toObject().value(QLatin1String("loinc")).toString());
        QVERIFY(loincs.size() >= 20);
        QVERIFY(!hasDuplicates(loincs));
        for (const QString &loinc : loincs)
            QCOMPARE(labs::test(loinc).loinc, loinc);
    }
};

QTEST_GUILESS_MAIN(TestGeneratorData)
#include "tst_generatordata.moc"
