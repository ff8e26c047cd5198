#include "common/crypto.h"
#include "fhir/bundle.h"
#include "offline/offlinestore.h"
#include "offline/recordcodec.h"
#include "recordstore/recordstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace kete;
using namespace kete::fhir;
using namespace kete::offline;
using kete::record::Provenance;
using kete::record::RecordStore;

namespace {

const QString kSource = QStringLiteral("https://ehr.example.org/fhir");

Quantity quantity(double value, Comparator comparator, const QString &unit)
{
    return Quantity{value, comparator, unit, QString(kUcumSystem), unit};
}

CodeableConcept codeable(const QString &system, const QString &code, const QString &display,
                         const QString &text = {})
{
    return CodeableConcept{{Coding{system, code, display}}, text};
}

FhirDateTime at(const char *text)
{
    return FhirDateTime::parse(QUtf8StringView(text));
}

Provenance provenance(int minutes = 0)
{
    return Provenance{
        kSource,
        QDateTime(QDate(2026, 12, 3), QTime(9, 14), QTimeZone::utc()).addSecs(60 * minutes)};
}

Patient handMadePatient()
{
    Patient p;
    p.id = QStringLiteral("amy-shaw-1975");
    p.names = {HumanName{QStringLiteral("official"),
                         {},
                         QStringLiteral("Shaw"),
                         {QStringLiteral("Amy"), QStringLiteral("Jo")},
                         {QStringLiteral("Dr.")},
                         {QStringLiteral("PhD")}},
               HumanName{QStringLiteral("usual"), QStringLiteral("Amy"), {}, {}, {}, {}}};
    p.birthDate = at("1975-03");
    p.deceased = at("2024-05-06T07:08:09.123+13:00");
    p.sex = Sex::Female;
    p.identifiers = {Identifier{QStringLiteral("urn:mrn"), QStringLiteral("MRN-55501"),
                                codeable(QStringLiteral("http://terminology.hl7.org/v2-0203"),
                                         QStringLiteral("MR"), QStringLiteral("Medical record"))}};
    return p;
}

ReferenceRange handMadeRange()
{
    ReferenceRange r;
    r.low = quantity(3.5, Comparator::None, QStringLiteral("mmol/L"));
    r.high = quantity(5.0, Comparator::LessOrEqual, QStringLiteral("mmol/L"));
    r.type =
        codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/referencerange-meaning"),
                 QStringLiteral("normal"), QStringLiteral("Normal"));
    r.appliesTo = {codeable(QStringLiteral("http://hl7.org/fhir/administrative-gender"),
                            QStringLiteral("female"), QStringLiteral("Female"))};
    r.age = Range{quantity(18, Comparator::None, QStringLiteral("a")), std::nullopt};
    r.text = QStringLiteral("3.5–5.0");
    return r;
}

Observation handMadeObservation()
{
    Observation o;
    o.id = QStringLiteral("obs-1");
    o.status = ObservationStatus::Amended;
    o.categories = {codeable(QStringLiteral("http://terminology.hl7.org/observation-category"),
                             QStringLiteral("laboratory"), QStringLiteral("Laboratory"))};
    o.code = CodeableConcept{
        {Coding{QString(kLoincSystem), QStringLiteral("2345-7"), QStringLiteral("Glucose")},
         Coding{QStringLiteral("urn:local"), QStringLiteral("GLU"), {}}},
        QStringLiteral("Glucose, fasting")};
    o.effective = at("2021-04-05T10:00:00+05:30");
    o.effectiveEnd = at("2021-04-05T10:30:00Z");
    o.issued = at("2021-04-06T01:02:03.456-04:00");
    o.value.kind = ObservationValue::Kind::Quantity;
    o.value.quantity = quantity(5.2, Comparator::Less, QStringLiteral("mmol/L"));
    o.dataAbsentReason = codeable(QStringLiteral("urn:dar"), QStringLiteral("x"), {});
    ObservationComponent c;
    c.code = codeable(QString(kLoincSystem), QString(kLoincSystolic), QStringLiteral("Systolic"));
    c.value.kind = ObservationValue::Kind::Range;
    c.value.rangeValue = std::make_shared<const Range>(
        Range{quantity(110, Comparator::GreaterOrEqual, QStringLiteral("mm[Hg]")),
              quantity(130, Comparator::Greater, QStringLiteral("mm[Hg]"))});
    c.dataAbsentReason = codeable({}, {}, {}, QStringLiteral("words only"));
    c.interpretation = {
        codeable(QStringLiteral("v3"), QStringLiteral("H"), QStringLiteral("High"))};
    c.referenceRanges = {handMadeRange()};
    ObservationComponent ratio;
    ratio.value.kind = ObservationValue::Kind::Ratio;
    ratio.value.ratioValue = std::make_shared<const Ratio>(
        Ratio{quantity(1, Comparator::None, QStringLiteral("1")), std::nullopt});
    ObservationComponent others;
    others.value.kind = ObservationValue::Kind::Integer;
    others.value.integer = -(qint64(1) << 40);
    others.value.boolean = true;
    others.value.string = QStringLiteral("12:30:00");
    others.value.codeableConcept =
        codeable(QString(kSnomedSystem), QStringLiteral("260385009"), QStringLiteral("Negative"));
    o.components = {c, ratio, others};
    o.referenceRanges = {handMadeRange(), ReferenceRange{}};
    o.interpretation = {codeable(QStringLiteral("v3"), QStringLiteral("L"), QStringLiteral("Low")),
                        CodeableConcept{{}, QStringLiteral("below")}};
    o.performers = {QStringLiteral("Dr. Lab"), QStringLiteral("Practitioner/9")};
    o.notes = {QStringLiteral("Fasting 12 h"), QString(), QStringLiteral("ünïcødé ✓")};
    o.memberIds = {QStringLiteral("obs-2"), QStringLiteral("obs-3")};
    return o;
}

Condition handMadeCondition()
{
    Condition c;
    c.id = QStringLiteral("cond-1");
    c.code =
        codeable(QString(kSnomedSystem), QStringLiteral("44054006"), QStringLiteral("Diabetes"));
    c.clinicalStatus = ClinicalStatus::Remission;
    c.verificationStatus = VerificationStatus::Differential;
    c.categoryConcepts = {codeable(QStringLiteral("urn:cat"), QStringLiteral("problem-list-item"),
                                   QStringLiteral("Problem"))};
    c.category = ConditionCategory::ProblemListItem;
    c.severity =
        codeable(QString(kSnomedSystem), QStringLiteral("24484000"), QStringLiteral("Severe"));
    c.onset.kind = ConditionTime::Kind::Range;
    c.onset.age = quantity(30, Comparator::None, QStringLiteral("a"));
    c.onset.ageHigh = quantity(40, Comparator::None, QStringLiteral("a"));
    c.abatement.kind = ConditionTime::Kind::Period;
    c.abatement.start = at("2019");
    c.abatement.end = at("2020-02-29");
    c.abatement.text = QStringLiteral("childhood");
    c.abatement.boolean = true;
    c.recordedDate = at("2018-01-02T03:04:05+01:00");
    c.notes = {QStringLiteral("Diet controlled")};
    return c;
}

DiagnosticReport handMadeReport()
{
    DiagnosticReport r;
    r.id = QStringLiteral("rep-1");
    r.status = QStringLiteral("final");
    r.categories = {codeable(QStringLiteral("urn:v2-0074"), QStringLiteral("LAB"), {})};
    r.code = codeable(QString(kLoincSystem), QStringLiteral("51990-0"), QStringLiteral("BMP"));
    r.effective = at("2021-04-05");
    r.issued = at("2021-04-05T12:00:00Z");
    r.resultIds = {QStringLiteral("obs-1"), QStringLiteral("obs-2")};
    r.conclusion = QStringLiteral("Within limits");
    r.presentedText = QStringLiteral("Specimen received in good condition.");
    return r;
}

template<typename Resource> bool roundTrips(const Resource &value, const Provenance &prov)
{
    const QByteArray bytes = encode(value, prov, 7);
    const auto decoded = decode<Resource>(bytes);
    if (!decoded) {
        qWarning() << decoded.error().detail;
        return false;
    }
    return decoded->value == value && decoded->provenance.source == prov.source &&
           decoded->provenance.fetchedAt == prov.fetchedAt && decoded->position == 7 &&
           encode(decoded->value, decoded->provenance, 7) == bytes;
}

std::unique_ptr<OfflineStore> openStore(const QString &path, const QByteArray &key)
{
    auto opened = OfflineStore::open(path, QStringLiteral("provider-1"), key);
    if (!opened)
        qWarning() << opened.error().detail;
    return opened ? std::move(opened.value()) : nullptr;
}

template<typename Entry> bool sameEntry(const Entry &a, const Entry &b)
{
    return a.key == b.key && a.provenance.source == b.provenance.source &&
           a.provenance.fetchedAt == b.provenance.fetchedAt && a.value == b.value;
}

// Same patient, same entries in the same order, with their provenance.
bool sameRecord(const RecordStore &a, const RecordStore &b)
{
    if (!(a.patient() == b.patient()) ||
        a.patientProvenance().fetchedAt != b.patientProvenance().fetchedAt ||
        a.observationCount() != b.observationCount() || a.conditionCount() != b.conditionCount() ||
        a.reportCount() != b.reportCount())
        return false;
    for (int i = 0; i < a.observationCount(); ++i)
        if (!sameEntry(a.observationAt(i), b.observationAt(i)))
            return false;
    for (int i = 0; i < a.conditionCount(); ++i)
        if (!sameEntry(a.conditionAt(i), b.conditionAt(i)))
            return false;
    for (int i = 0; i < a.reportCount(); ++i)
        if (!sameEntry(a.reportAt(i), b.reportAt(i)))
            return false;
    return true;
}

} // namespace

class TestOfflineCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFieldRoundTrips()
    {
        QVERIFY(roundTrips(handMadePatient(), provenance()));
        QVERIFY(roundTrips(handMadeObservation(), provenance(1)));
        QVERIFY(roundTrips(handMadeCondition(), provenance(2)));
        QVERIFY(roundTrips(handMadeReport(), provenance(3)));
        // Empty values, unknown times and null strings too.
        QVERIFY(roundTrips(Patient{}, Provenance{}));
        QVERIFY(roundTrips(Observation{}, Provenance{}));
        QVERIFY(roundTrips(Condition{}, Provenance{}));
        QVERIFY(roundTrips(DiagnosticReport{}, Provenance{}));
    }

    void detailsSurvive()
    {
        const auto observation = decode<Observation>(encode(handMadeObservation(), provenance()));
        QVERIFY(observation.ok());
        const Observation &o = observation->value;
        QCOMPARE(o.effective.toDateTime().offsetFromUtc(), 5 * 3600 + 1800);
        QCOMPARE(o.effective.precision(), FhirDateTime::Precision::Time);
        QCOMPARE(o.issued.toDateTime().time().msec(), 456);
        QCOMPARE(o.value.comparator(), Comparator::Less);
        QCOMPARE(o.components.at(0).value.range().high->comparator, Comparator::Greater);
        QVERIFY(o.components.at(0).value.rangeValue);
        QVERIFY(!o.components.at(0).value.ratioValue);
        QVERIFY(!o.components.at(1).value.ratio().denominator);
        QCOMPARE(o.components.at(2).value.integer, -(qint64(1) << 40));
        QVERIFY(o.notes.at(1).isNull());
        QCOMPARE(o.notes.at(2), QStringLiteral("ünïcødé ✓"));
        QCOMPARE(o.valueDisplayString(QLocale::c()),
                 handMadeObservation().valueDisplayString(QLocale::c()));

        const auto patient = decode<Patient>(encode(handMadePatient(), provenance()));
        QVERIFY(patient.ok());
        QCOMPARE(patient->value.birthDate.precision(), FhirDateTime::Precision::Month);
        QCOMPARE(patient->value.medicalRecordNumber(), QStringLiteral("MRN-55501"));
        QCOMPARE(patient->value.deceased->toDateTime().offsetFromUtc(), 13 * 3600);

        // A changed field is a different value (the comparison can fail).
        Observation changed = handMadeObservation();
        changed.components[0].value.rangeValue = std::make_shared<const Range>();
        QVERIFY(!(changed == handMadeObservation()));
        QVERIFY(encode(changed, provenance()) != encode(handMadeObservation(), provenance()));
    }

    // A copy kept by an earlier Kete (format 1: no presentedText) still opens.
    void earlierFormatStillReads()
    {
        DiagnosticReport report = handMadeReport();
        report.presentedText.clear();
        QByteArray formatOne = encode(report, provenance());
        QVERIFY(formatOne.endsWith(QByteArray(4, '\xff'))); // the null presentedText
        formatOne.chop(4);
        formatOne[3] = char(1);
        const auto decoded = decode<DiagnosticReport>(formatOne);
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().detail));
        QCOMPARE(decoded->value.conclusion, report.conclusion);
        QVERIFY(decoded->value.presentedText.isEmpty());
        formatOne[3] = char(0);
        QVERIFY(!decode<DiagnosticReport>(formatOne).ok());
    }

    void badBytesAreErrors()
    {
        const QByteArray good = encode(handMadeObservation(), provenance());
        // Cut short at every length.
        for (int length = 0; length < good.size(); ++length) {
            const auto decoded = decode<Observation>(good.left(length));
            QVERIFY2(!decoded.ok(), qPrintable(QString::number(length)));
            QCOMPARE(decoded.error().code, ErrorCode::OfflineCopyDamaged);
        }
        // Another format number.
        QByteArray otherFormat = good;
        otherFormat[3] = char(kRecordFormat + 1);
        QVERIFY(!decode<Observation>(otherFormat).ok());
        QVERIFY(decode<Observation>(otherFormat).error().detail.contains(QLatin1String("format")));
        // Another kind of resource.
        QVERIFY(!decode<Condition>(good).ok());
        QVERIFY(!decode<Patient>(good).ok());
        // Bytes after the value.
        QVERIFY(!decode<Observation>(good + '\0').ok());
        // Huge counts and lengths, garbage, every single byte changed: an error or a value,
        // never a crash, never a huge allocation.
        QVERIFY(!decode<Observation>(good.left(9) + QByteArray(16, '\xff')).ok());
        for (int seed = 0; seed < 200; ++seed) {
            QByteArray garbage = crypto::randomBytes(seed * 7 + 1);
            garbage.prepend(good.left(5));
            QVERIFY(!decode<Observation>(garbage).ok());
        }
        int errors = 0;
        for (int i = 0; i < good.size(); ++i) {
            QByteArray flipped = good;
            flipped[i] = char(flipped.at(i) ^ 0xa5);
            errors += !decode<Observation>(flipped).ok();
        }
        QVERIFY(errors > 0);
    }

    void recordRoundTripsThroughAStore()
    {
        RecordStore record;
        record.putPatient(handMadePatient(), provenance());
        Observation second = handMadeObservation();
        second.id = QStringLiteral("obs-2");
        record.putObservations({handMadeObservation(), Observation{}, Observation{}},
                               provenance(1));
        record.putObservations({second}, provenance(2));
        record.putConditions({handMadeCondition()}, provenance(3));
        record.putReports({handMadeReport()}, Provenance{kSource, {}});

        const QList<StoredResource> stored = storedResources(record);
        QCOMPARE(stored.size(), 1 + 4 + 1 + 1);
        QCOMPARE(stored.at(0).type, QStringLiteral("Patient"));
        QCOMPARE(stored.at(0).id, QStringLiteral("amy-shaw-1975"));
        QCOMPARE(stored.at(1).type, QStringLiteral("Observation"));
        QCOMPARE(stored.at(1).id, QStringLiteral("obs-1"));
        // Two equal resources without an id: two synthetic ids, the same every time.
        QVERIFY(stored.at(2).id.startsWith(QLatin1Char('~')));
        QVERIFY(stored.at(2).id != stored.at(3).id);
        QCOMPARE(storedResources(record).at(3).id, stored.at(3).id);
        // ... and the same when fetched again later.
        RecordStore refetched;
        refetched.putObservations({Observation{}}, provenance(9));
        QCOMPARE(storedResources(refetched).at(0).id, stored.at(2).id);

        QTemporaryDir dir;
        const QByteArray key = crypto::randomBytes(crypto::kAeadKeyBytes);
        const QString path = dir.filePath(QStringLiteral("record.db"));
        {
            auto store = openStore(path, key);
            QVERIFY(store);
            QVERIFY(store->put(stored).ok());
        }
        auto store = openStore(path, key);
        QVERIFY(store);
        const auto read = store->readAll();
        QVERIFY(read.ok());
        QCOMPARE(read->size(), stored.size());

        RecordStore restored;
        QSignalSpy patientSpy(&restored, &RecordStore::patientChanged);
        QSignalSpy observationSpy(&restored, &RecordStore::observationsChanged);
        QSignalSpy conditionSpy(&restored, &RecordStore::conditionsChanged);
        QSignalSpy reportSpy(&restored, &RecordStore::reportsChanged);
        QVERIFY(restoreInto(restored, *read).ok());
        QCOMPARE(patientSpy.size(), 1);
        QCOMPARE(observationSpy.size(), 1);
        QCOMPARE(conditionSpy.size(), 1);
        QCOMPARE(reportSpy.size(), 1);
        QVERIFY(sameRecord(record, restored));
        // Each entry kept its own fetch time.
        QCOMPARE(restored.observationAt(3).provenance.fetchedAt, provenance(2).fetchedAt);
        QVERIFY(!restored.reportAt(0).provenance.fetchedAt.isValid());
        // What it stored is what it restored.
        QCOMPARE(storedResources(restored), stored);
    }

    void aDamagedResourceRestoresNothing()
    {
        RecordStore record;
        record.putPatient(handMadePatient(), provenance());
        record.putObservations({handMadeObservation()}, provenance());
        QList<StoredResource> stored = storedResources(record);
        stored[1].content.chop(1);
        RecordStore restored;
        QSignalSpy spy(&restored, &RecordStore::patientChanged);
        const auto result = restoreInto(restored, stored);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::OfflineCopyDamaged);
        QCOMPARE(spy.size(), 0);
        QCOMPARE(restored.observationCount(), 0);

        stored = storedResources(record);
        stored[1].type = QStringLiteral("Encounter");
        QVERIFY(!restoreInto(restored, stored).ok());
        stored = storedResources(record);
        stored[1].type = QStringLiteral("Condition"); // Observation bytes under another type
        QVERIFY(!restoreInto(restored, stored).ok());
        QCOMPARE(restored.conditionCount(), 0);
    }

    void syntheaRecordsRoundTrip()
    {
        const QDir dir(qEnvironmentVariable("KETE_FIXTURES"));
        const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
        if (qEnvironmentVariableIsEmpty("KETE_FIXTURES") || files.isEmpty())
            QSKIP("KETE_FIXTURES not set or missing: no Synthea records to read");

        qint64 encodedBytes = 0, encodeNs = 0, decodeNs = 0, restoreNs = 0;
        for (const QString &file : files) {
            QFile f(dir.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const auto page = parseBundlePage(f.readAll());
            QVERIFY(page.ok());
            QCOMPARE(page->patients.size(), 1);

            RecordStore record;
            record.putPatient(page->patients.constFirst(), provenance());
            record.putObservations(page->observations, provenance(1));
            record.putConditions(page->conditions, provenance(2));
            record.putReports(page->reports, provenance(3));

            QElapsedTimer timer;
            timer.start();
            const QList<StoredResource> stored = storedResources(record);
            encodeNs += timer.nsecsElapsed();
            for (const StoredResource &resource : stored)
                encodedBytes += resource.content.size();
            QCOMPARE(stored.size(), 1 + page->observations.size() + page->conditions.size() +
                                        page->reports.size());

            QTemporaryDir tmp;
            const QByteArray key = crypto::randomBytes(crypto::kAeadKeyBytes);
            const QString path = tmp.filePath(QStringLiteral("record.db"));
            {
                auto store = openStore(path, key);
                QVERIFY(store);
                QVERIFY(store->put(stored).ok());
            }
            auto store = openStore(path, key);
            QVERIFY(store);
            const auto read = store->readAll();
            QVERIFY(read.ok());

            timer.restart();
            int decoded = 0;
            for (const StoredResource &resource : *read) {
                if (resource.type == QLatin1String("Observation"))
                    decoded += decode<Observation>(resource.content).ok();
                else if (resource.type == QLatin1String("Condition"))
                    decoded += decode<Condition>(resource.content).ok();
                else if (resource.type == QLatin1String("DiagnosticReport"))
                    decoded += decode<DiagnosticReport>(resource.content).ok();
                else
                    decoded += decode<Patient>(resource.content).ok();
            }
            decodeNs += timer.nsecsElapsed();
            QCOMPARE(decoded, stored.size());

            RecordStore restored;
            timer.restart();
            QVERIFY(restoreInto(restored, *read).ok());
            restoreNs += timer.nsecsElapsed();
            QCOMPARE(restored.observationCount(), page->observations.size());
            QCOMPARE(restored.conditionCount(), page->conditions.size());
            QCOMPARE(restored.reportCount(), page->reports.size());
            QVERIFY2(sameRecord(record, restored), qPrintable(file));
            QCOMPARE(storedResources(restored), stored);
        }
        const double mb = double(encodedBytes) / (1024.0 * 1024.0);
        // The value bytes per second: storedResources(), decode() alone, restoreInto() (decode,
        // order, put into the RecordStore).
        qInfo("Synthea (%lld files): %.2f MB of values; encode %.0f MB/s, decode %.0f MB/s, "
              "restore %.0f MB/s",
              qlonglong(files.size()), mb, mb / (double(encodeNs) / 1e9),
              mb / (double(decodeNs) / 1e9), mb / (double(restoreNs) / 1e9));
    }
};

QTEST_GUILESS_MAIN(TestOfflineCodec)
#include "tst_offlinecodec.moc"
