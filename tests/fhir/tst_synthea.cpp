#include "fhir/bundle.h"
#include "fhir/interpretation.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTest>

using namespace kete::fhir;

// The real Synthea R4 records in $KETE_FIXTURES (see its README for the counts checked here).
class TestSynthea : public QObject
{
    Q_OBJECT

    QString path(const QString &prefix) const
    {
        const QDir dir(qEnvironmentVariable("KETE_FIXTURES"));
        const QStringList files = dir.entryList({prefix + QStringLiteral("_*.json")}, QDir::Files);
        return files.isEmpty() ? QString() : dir.filePath(files.constFirst());
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("KETE_FIXTURES") ||
            !QDir(qEnvironmentVariable("KETE_FIXTURES")).exists())
            QSKIP("KETE_FIXTURES not set or missing: no Synthea records to read");
    }

    void everyRecordParses_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("sex");
        QTest::addColumn<QDate>("birthDate");
        QTest::addColumn<int>("observations");
        QTest::addColumn<int>("labs");
        QTest::addColumn<int>("loincCodes");
        QTest::addColumn<int>("labQuantities");
        QTest::addColumn<int>("labConcepts");
        QTest::addColumn<int>("conditions");
        QTest::addColumn<int>("active");
        QTest::addColumn<int>("resolved");
        QTest::addColumn<int>("reports");
        QTest::addColumn<int>("bloodPressures");
        QTest::newRow("Josue Sipes") << "Josue_Sipes"
                                     << "Mr. Josue Sipes" << int(Sex::Male) << QDate(1956, 3, 10)
                                     << 662 << 484 << 49 << 462 << 22 << 22 << 19 << 3 << 60 << 26;
        QTest::newRow("Margery Gibson")
            << "Margery_Gibson"
            << "Mrs. Margery Gibson" << int(Sex::Female) << QDate(1948, 11, 8) << 497 << 417 << 33
            << 417 << 0 << 15 << 13 << 2 << 48 << 13;
        QTest::newRow("Madalyn Frami")
            << "Madalyn_Frami"
            << "Mrs. Madalyn Frami" << int(Sex::Female) << QDate(1988, 2, 18) << 161 << 116 << 26
            << 116 << 0 << 20 << 9 << 11 << 15 << 7;
        QTest::newRow("Daisey Johns") << "Daisey_Johns"
                                      << "Daisey Johns" << int(Sex::Female) << QDate(2015, 4, 4)
                                      << 131 << 37 << 26 << 37 << 0 << 7 << 2 << 5 << 2 << 17;
        QTest::newRow("Wendy Littel")
            << "Wendy_Littel"
            << "Ms. Wendy Littel" << int(Sex::Female) << QDate(2000, 11, 15) << 76 << 22 << 11 << 22
            << 0 << 0 << 0 << 0 << 2 << 9;
    }
    void everyRecordParses()
    {
        QFETCH(QString, file);
        QFETCH(QString, name);
        QFETCH(int, sex);
        QFETCH(QDate, birthDate);
        QFETCH(int, observations);
        QFETCH(int, labs);
        QFETCH(int, loincCodes);
        QFETCH(int, labQuantities);
        QFETCH(int, labConcepts);
        QFETCH(int, conditions);
        QFETCH(int, active);
        QFETCH(int, resolved);
        QFETCH(int, reports);
        QFETCH(int, bloodPressures);

        QFile f(path(file));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
        const auto page = parseBundlePage(f.readAll());
        QVERIFY(page.ok());
        QCOMPARE(page->unreadableResources, 0);
        QVERIFY(page->notices.isEmpty());
        QVERIFY(page->otherResources > 0); // Encounters, Claims... counted, not kept

        QCOMPARE(page->patients.size(), 1);
        const Patient &patient = page->patients.constFirst();
        QCOMPARE(patient.displayName(), name);
        QCOMPARE(int(patient.sex), sex);
        QCOMPARE(patient.birthDate.date(), birthDate);
        QVERIFY(!patient.identifiers.isEmpty());

        QCOMPARE(page->observations.size(), observations);
        int labCount = 0, quantities = 0, concepts = 0, bp = 0;
        QSet<QString> codes;
        for (const Observation &o : page->observations) {
            QVERIFY(o.when().isValid());
            QCOMPARE(o.when().precision(), FhirDateTime::Precision::Time);
            QVERIFY(!o.isHidden());
            if (isBloodPressure(o)) {
                ++bp;
                QVERIFY(o.component(kLoincSystolic) && o.component(kLoincDiastolic));
                QVERIFY(o.valueDisplayString(QLocale::c()).contains(QLatin1Char('/')));
            }
            if (!o.hasCategory(QStringLiteral("laboratory")))
                continue;
            ++labCount;
            codes.insert(o.loincCode());
            quantities += o.value.kind == ObservationValue::Kind::Quantity;
            concepts += o.value.kind == ObservationValue::Kind::CodeableConcept;
            QVERIFY(!o.displayName().isEmpty());
            QVERIFY(!o.valueDisplayString(QLocale::c()).isEmpty());
            // Synthea sends neither ranges nor flags: Kete must not invent any.
            QCOMPARE(interpret(o, patient).flag, Flag::None);
        }
        QCOMPARE(labCount, labs);
        QCOMPARE(codes.size(), loincCodes);
        QCOMPARE(quantities, labQuantities);
        QCOMPARE(concepts, labConcepts);
        QCOMPARE(bp, bloodPressures);

        QCOMPARE(page->conditions.size(), conditions);
        int activeCount = 0, resolvedCount = 0;
        for (const Condition &c : page->conditions) {
            activeCount += c.isActive();
            resolvedCount += c.isResolved();
            QVERIFY(!c.snomedCode().isEmpty());
            QVERIFY(c.onset.start.isValid());
            QVERIFY(c.recordedDate.isValid());
        }
        QCOMPARE(activeCount, active);
        QCOMPARE(resolvedCount, resolved);

        QCOMPARE(page->reports.size(), reports);
        QSet<QString> observationIds;
        for (const Observation &o : page->observations)
            observationIds.insert(o.id);
        for (const DiagnosticReport &r : page->reports) {
            QVERIFY(!r.panelName().isEmpty());
            for (const QString &id : r.resultIds)
                QVERIFY2(observationIds.contains(id),
                         "urn:uuid references resolve to Observation ids");
        }
    }

    // The two patients of ../synthea-r4-extra who died: their age stops at death.
    void deceasedPatients_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QDate>("died");
        QTest::addColumn<int>("ageAtDeath");
        QTest::newRow("Gilberto Orosco") << "Gilberto_Orosco" << QDate(1994, 4, 11) << 57;
        QTest::newRow("Maurice Bruen") << "Maurice_Bruen" << QDate(2008, 3, 28) << 97;
        QTest::newRow("Clarine O'Keefe, alive") << "Clarine_OKeefe" << QDate() << 0;
    }
    void deceasedPatients()
    {
        QFETCH(QString, file);
        QFETCH(QDate, died);
        QFETCH(int, ageAtDeath);
        // KETE_FIXTURES_EXTRA, else the folder next to KETE_FIXTURES.
        const QDir dir(qEnvironmentVariable("KETE_FIXTURES_EXTRA",
                                            QDir(qEnvironmentVariable("KETE_FIXTURES"))
                                                .filePath(QStringLiteral("../synthea-r4-extra"))));
        const QStringList files = dir.entryList({file + QStringLiteral("_*.json")}, QDir::Files);
        if (files.isEmpty())
            QSKIP("no synthea-r4-extra fixtures (set KETE_FIXTURES_EXTRA)");
        QFile f(dir.filePath(files.constFirst()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto page = parseBundlePage(f.readAll());
        QVERIFY(page.ok());
        QCOMPARE(page->patients.size(), 1);
        const Patient &patient = page->patients.constFirst();
        QCOMPARE(patient.isDeceased(), died.isValid());
        if (!died.isValid()) {
            QVERIFY(patient.ageInYearsAt(QDate::currentDate()).value_or(0) >= 73);
            return;
        }
        QCOMPARE(patient.deceased->precision(), FhirDateTime::Precision::Time);
        QCOMPARE(patient.deceased->date(), died);
        QCOMPARE(patient.ageInYearsAt(QDate::currentDate()), std::optional<int>(ageAtDeath));
        // Ages at their results stop at death (Synthea records the cause of death days later).
        const double daysAtDeath = double(patient.birthDate.date().daysTo(died));
        for (const Observation &o : page->observations) {
            const std::optional<double> days = patient.ageInDaysAt(o.when().date());
            QVERIFY(days.has_value());
            QVERIFY(*days <= daysAtDeath);
        }
    }
};

QTEST_GUILESS_MAIN(TestSynthea)
#include "tst_synthea.moc"
