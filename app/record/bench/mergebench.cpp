#include "mergebench.h"

#include "merge/mergedrecord.h"
#include "processmemory.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/data/resourcestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <malloc.h>
#include <sys/resource.h>
#include <vector>

namespace kete::bench {

namespace {

constexpr int kPageSize = 100; // resources per page, as the sandbox pages by default

// The glucose molar code and factor (merge/unitconversions.cpp) the hospital's lab reports in.
constexpr double kGlucoseMgDlPerMmolL = 18.0156;

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

struct Records
{
    QList<fhir::Observation> gp;
    QList<fhir::Observation> hospital;
    QList<fhir::Condition> gpConditions;
    QList<fhir::Condition> hospitalConditions;
    int shared = 0;
};

// The GP's record is the large patient's; the hospital's holds `overlap` of the same results
// (its own ids; serum glucose in mmol/L under the molar LOINC code) and, for the rest, results of
// its own (the GP's others a day later).
Records makeRecords(int observations, double overlap)
{
    sandbox::ResourceStore store;
    sandbox::GeneratorOptions options;
    options.largePatientObservations = observations;
    sandbox::PatientGenerator(options).generate(store);
    const QString patient = sandbox::PatientGenerator::largePatientId();
    Records records;
    const QList<QJsonObject> all = store.all(QStringLiteral("Observation"));
    int index = 0;
    for (const QJsonObject &json : all) {
        if (sandbox::ResourceStore::patientOf(json) != patient)
            continue;
        const auto parsed = fhir::parseObservation(json);
        if (!parsed.ok())
            continue;
        const fhir::Observation gp = parsed.value();
        records.gp.append(gp);
        fhir::Observation hospital = gp;
        hospital.id = QStringLiteral("h-") + gp.id;
        const bool shared = (index++ % 100) < int(overlap * 100);
        if (shared) {
            ++records.shared;
            if (gp.loincCode() == QLatin1String("2345-7") && gp.value.numeric()) {
                hospital.value.quantity.value = *gp.value.numeric() / kGlucoseMgDlPerMmolL;
                hospital.value.quantity.code = QStringLiteral("mmol/L");
                hospital.value.quantity.unit = QStringLiteral("mmol/L");
                for (fhir::Coding &coding : hospital.code.codings) {
                    if (coding.code == QLatin1String("2345-7"))
                        coding.code = QStringLiteral("14749-6");
                }
            }
        } else {
            hospital.effective = fhir::FhirDateTime::fromParts(gp.effective.toDateTime().addDays(1),
                                                               gp.effective.precision());
        }
        records.hospital.append(hospital);
    }
    for (const QJsonObject &json : store.all(QStringLiteral("Condition"))) {
        if (sandbox::ResourceStore::patientOf(json) != patient)
            continue;
        if (const auto parsed = fhir::parseCondition(json); parsed.ok()) {
            records.gpConditions.append(parsed.value());
            fhir::Condition hospital = parsed.value();
            hospital.id = QStringLiteral("h-") + hospital.id;
            records.hospitalConditions.append(hospital);
        }
    }
    return records;
}

struct MergeRun
{
    double mergedTableMs = 0;
    double longestStallMs = 0;
    double longestPageMs = 0;
    double tableReadMs = 0;
    double removeSourceMs = 0;
    int mergedEntries = 0;
    int labRows = 0;
    int shownResults = 0;
    int conditionRows = 0;
    double peakRssMb = 0;
    double rssGrowthMb = -1; // peak while merging above the size before; -1: not measured
};

// The two source stores hold what each provider sent (as PatientRecords do) and the merged store
// its own copy: the RSS growth is all three with their models.
// Pages of both providers arrive interleaved, each one event of the event loop (as the network
// replies do); the stall is the longest of those events.
MergeRun runOnce(const Records &records)
{
    MergeRun run;
    // What the generator and the last run freed goes back to the system first, so that the
    // growth is the merge's own and not memory malloc had kept.
    malloc_trim(0);
    const bool peakReset = resetPeakResident();
    const double residentBefore = residentMb();
    record::RecordStore gp;
    record::RecordStore hospital;
    merge::MergedRecord merged;
    merged.addSource(QStringLiteral("gp"), QStringLiteral("Kete Family Practice"), &gp);
    merged.addSource(QStringLiteral("hospital"), QStringLiteral("Kete City Hospital"), &hospital);

    struct Page
    {
        record::RecordStore *store;
        QList<fhir::Observation> observations;
        QList<fhir::Condition> conditions;
        QString source;
    };
    std::vector<Page> pages;
    const qsizetype longest = std::max(records.gp.size(), records.hospital.size());
    for (qsizetype at = 0; at < longest; at += kPageSize) {
        pages.push_back({&gp, records.gp.mid(at, kPageSize), {}, QStringLiteral("gp")});
        pages.push_back(
            {&hospital, records.hospital.mid(at, kPageSize), {}, QStringLiteral("hospital")});
    }
    pages.push_back({&gp, {}, records.gpConditions, QStringLiteral("gp")});
    pages.push_back({&hospital, {}, records.hospitalConditions, QStringLiteral("hospital")});

    QEventLoop loop;
    QElapsedTimer clock;
    std::size_t next = 0;
    double longestNs = 0;
    std::function<void()> deliver = [&] {
        if (next == pages.size()) {
            loop.quit();
            return;
        }
        const Page &page = pages.at(next++);
        QElapsedTimer event;
        event.start();
        const record::Provenance provenance{page.source, QDateTime::currentDateTimeUtc()};
        if (!page.observations.isEmpty())
            page.store->putObservations(page.observations, provenance);
        if (!page.conditions.isEmpty())
            page.store->putConditions(page.conditions, provenance);
        longestNs = std::max(longestNs, double(event.nsecsElapsed()));
        QTimer::singleShot(0, &loop, deliver);
    };
    clock.start();
    QTimer::singleShot(0, &loop, deliver);
    loop.exec();
    // The table as a view first shows it: every row's cells read once.
    QElapsedTimer event;
    event.start();
    const models::LabTestsModel &labs = *merged.labTests();
    for (int row = 0; row < labs.rowCount(); ++row) {
        for (int column = 0; column < models::LabTestsModel::ColumnCount; ++column)
            (void)labs.index(row, column).data();
        (void)labs.index(row, 0).data(models::LabTestsModel::RecentValuesRole);
        (void)labs.index(row, 0).data(models::LabTestsModel::SourcesRole);
    }
    run.longestPageMs = longestNs / 1e6;
    run.tableReadMs = double(event.nsecsElapsed()) / 1e6;
    longestNs = std::max(longestNs, double(event.nsecsElapsed()));
    run.mergedTableMs = msSince(clock);
    run.longestStallMs = longestNs / 1e6;
    run.mergedEntries = merged.store()->observationCount();
    run.labRows = labs.rowCount();
    run.shownResults = labs.observationCount();
    run.conditionRows = merged.conditions()->rowCount();

    QElapsedTimer removal;
    removal.start();
    merged.removeSource(QStringLiteral("hospital"));
    run.removeSourceMs = msSince(removal);
    run.peakRssMb = peakRssMb();
    if (peakReset)
        run.rssGrowthMb = peakResidentMb() - residentBefore;
    return run;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int runMergeBench(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("--merge: two providers' records of one patient merged as their pages "
                       "arrive: time to the merged lab table, longest event-loop stall, removing "
                       "one provider, peak RSS."));
    parser.addHelpOption();
    const QCommandLineOption mergeOption(QStringLiteral("merge"),
                                         QStringLiteral("Measure merging two records."));
    const QCommandLineOption observations(QStringLiteral("observations"),
                                          QStringLiteral("Observations per record (20000)."),
                                          QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption overlap(
        QStringLiteral("overlap"),
        QStringLiteral("Share of the results both providers hold, in percent (30)."),
        QStringLiteral("P"), QStringLiteral("30"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs (3)."),
                                  QStringLiteral("N"), QStringLiteral("3"));
    parser.addOptions({mergeOption, observations, overlap, runs});
    parser.process(app);
    const int count = parser.value(observations).toInt();
    const int percent = parser.value(overlap).toInt();
    const int runCount = parser.value(runs).toInt();
    QTextStream out(stdout);
    if (count < 1 || percent < 0 || percent > 100 || runCount < 1) {
        QTextStream(stderr) << "positive numbers, please; see --help\n";
        return 2;
    }
    QElapsedTimer generation;
    generation.start();
    const Records records = makeRecords(count, percent / 100.0);
    out << "generated " << records.gp.size() << " + " << records.hospital.size()
        << " Observations (" << records.shared << " shared) in "
        << QString::number(msSince(generation) / 1000.0, 'f', 1) << " s; RSS "
        << QString::number(residentMb(), 'f', 1) << " MB\n";
    out.flush();

    std::vector<MergeRun> results;
    for (int i = 0; i < runCount; ++i)
        results.push_back(runOnce(records));

    const auto row = [&](const QString &name, auto field, int decimals) {
        std::vector<double> values;
        out << name.leftJustified(34);
        for (const MergeRun &run : results) {
            values.push_back(double(run.*field));
            out << QString::number(double(run.*field), 'f', decimals).rightJustified(10);
        }
        out << QString::number(median(values), 'f', decimals).rightJustified(10) << '\n';
    };
    out << QStringLiteral("merge").leftJustified(34);
    for (int i = 0; i < runCount; ++i)
        out << QStringLiteral("run %1").arg(i + 1).rightJustified(10);
    out << QStringLiteral("median").rightJustified(10) << '\n';
    row(QStringLiteral("time to merged lab table ms"), &MergeRun::mergedTableMs, 1);
    row(QStringLiteral("longest event-loop stall ms"), &MergeRun::longestStallMs, 1);
    row(QStringLiteral("  of which: longest page ms"), &MergeRun::longestPageMs, 1);
    row(QStringLiteral("  of which: first read of table ms"), &MergeRun::tableReadMs, 1);
    row(QStringLiteral("remove one provider ms (a reset)"), &MergeRun::removeSourceMs, 1);
    row(QStringLiteral("merged Observations"), &MergeRun::mergedEntries, 0);
    row(QStringLiteral("lab rows"), &MergeRun::labRows, 0);
    row(QStringLiteral("results shown"), &MergeRun::shownResults, 0);
    row(QStringLiteral("condition rows"), &MergeRun::conditionRows, 0);
    row(QStringLiteral("RSS growth while merging MB"), &MergeRun::rssGrowthMb, 1);
    row(QStringLiteral("peak RSS MB (process so far)"), &MergeRun::peakRssMb, 1);
    return 0;
}

} // namespace kete::bench
