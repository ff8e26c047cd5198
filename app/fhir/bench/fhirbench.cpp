// kete-fhir-bench [synthea-dir] [count]
//
// How fast FHIR JSON becomes value types: parseBundlePage() next to simdjson's own DOM parse
// (and a bare QJsonDocument::fromJson()) of the same bytes, in the same run, on one core. The
// generated observations are Synthea's real lab results (when the fixtures are found) and Kete's
// own shapes (every value[x], ranges, flags), replicated with varied ids, values and dates to the
// requested count; the Synthea patient bundles are also read as they are (every resource type).
// Each comparison ends in a line `simdjson ratio R (...)`: Kete's throughput / simdjson DOM's.
#include "fhir/bundle.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTextStream>
#include <QtConcurrent/QtConcurrentMap>
#include <functional>
#include <simdjson.h>

using namespace kete::fhir;

namespace {

QList<QJsonObject> syntheaObservations(const QString &dirPath)
{
    QList<QJsonObject> result;
    const QDir dir(dirPath);
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonArray entries = QJsonDocument::fromJson(file.readAll())
                                       .object()
                                       .value(QLatin1String("entry"))
                                       .toArray();
        for (const QJsonValue &e : entries) {
            const QJsonObject r = e.toObject().value(QLatin1String("resource")).toObject();
            if (r.value(QLatin1String("resourceType")).toString() == QLatin1String("Observation"))
                result.append(r);
        }
    }
    return result;
}

QList<QJsonObject> ownShapes()
{
    const char *const shapes[] = {
        R"({"resourceType":"Observation","id":"x","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"718-7","display":"Hemoglobin"}],"text":"Hemoglobin"},"effectiveDateTime":"2020-06-01T09:00:00+12:00","issued":"2020-06-01T12:00:00.000+12:00","valueQuantity":{"value":13.1,"unit":"g/dL","system":"http://unitsofmeasure.org","code":"g/dL"},"interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"L"}]}],"referenceRange":[{"low":{"value":13.5,"unit":"g/dL"},"high":{"value":17.5,"unit":"g/dL"},"appliesTo":[{"coding":[{"code":"male"}]}],"age":{"low":{"value":18,"code":"a"}}},{"low":{"value":12,"unit":"g/dL"},"high":{"value":15.5,"unit":"g/dL"},"appliesTo":[{"coding":[{"code":"female"}]}]}],"performer":[{"reference":"Organization/1","display":"Acme Lab"}],"note":[{"text":"Repeat"}]})",
        R"({"resourceType":"Observation","id":"x","status":"corrected","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"10839-9"}],"text":"Troponin I"},"effectiveDateTime":"2021-02","valueQuantity":{"value":0.01,"comparator":"<","unit":"ng/mL"}})",
        R"({"resourceType":"Observation","id":"x","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Urine colour"},"effectivePeriod":{"start":"2019-01-01T08:00:00Z","end":"2019-01-02T08:00:00Z"},"valueString":"Straw"})",
        R"({"resourceType":"Observation","id":"x","status":"preliminary","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"5778-6"}]},"effectiveDateTime":"2019","valueRange":{"low":{"value":2},"high":{"value":4}}})",
        R"({"resourceType":"Observation","id":"x","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"5130-0"}]},"effectiveDateTime":"2019-04-04","valueRatio":{"numerator":{"value":1},"denominator":{"value":160}},"dataAbsentReason":{"text":"n/a"}})",
        R"({"resourceType":"Observation","id":"x","status":"final","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2020-01-01T10:00:00+00:00","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":128,"unit":"mm[Hg]"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":82,"unit":"mm[Hg]"}}]})",
    };
    QList<QJsonObject> result;
    for (const char *shape : shapes)
        result.append(QJsonDocument::fromJson(QByteArray(shape)).object());
    return result;
}

QByteArray bundleOf(const QList<QJsonObject> &templates, int first, int count)
{
    QJsonArray entries;
    QRandomGenerator random(quint32(first) + 1);
    for (int i = first; i < first + count; ++i) {
        QJsonObject o = templates.at(i % templates.size());
        o.insert(QStringLiteral("id"), QStringLiteral("obs-%1").arg(i));
        QJsonObject q = o.value(QLatin1String("valueQuantity")).toObject();
        if (!q.isEmpty()) {
            q.insert(QStringLiteral("value"), random.bounded(1000.0));
            o.insert(QStringLiteral("valueQuantity"), q);
        }
        entries.append(
            QJsonObject{{QStringLiteral("fullUrl"),
                         QStringLiteral("https://fhir.example.org/r4/Observation/obs-%1").arg(i)},
                        {QStringLiteral("resource"), o},
                        {QStringLiteral("search"),
                         QJsonObject{{QStringLiteral("mode"), QStringLiteral("match")}}}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                     {QStringLiteral("type"), QStringLiteral("searchset")},
                                     {QStringLiteral("total"), count},
                                     {QStringLiteral("entry"), entries}})
        .toJson(QJsonDocument::Compact);
}

// Best of `runs` wall-clock times, in seconds.
double best(int runs, const std::function<void()> &work)
{
    double fastest = 1e300;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        fastest = std::min(fastest, double(timer.nsecsElapsed()) / 1e9);
    }
    return fastest;
}

// simdjson's DOM parse of every document, the parser reused as simdjson recommends; the bytes
// padded beforehand, so that this is simdjson at its best.
struct DomBaseline
{
    explicit DomBaseline(const QList<QByteArray> &documents)
    {
        for (const QByteArray &d : documents)
            padded.emplace_back(d.constData(), size_t(d.size()));
    }
    // The number of top-level fields seen, so that nothing is optimised away.
    qsizetype parseAll()
    {
        qsizetype fields = 0;
        for (const simdjson::padded_string &p : padded) {
            simdjson::dom::object object;
            if (parser.parse(p).get(object) != simdjson::SUCCESS)
                return -1;
            fields += qsizetype(object.size());
        }
        return fields;
    }
    std::vector<simdjson::padded_string> padded;
    simdjson::dom::parser parser;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    const QString fixtures = args.value(1, qEnvironmentVariable("KETE_FIXTURES"));
    const int total = args.value(2, QStringLiteral("100000")).toInt();

    QList<QJsonObject> templates = syntheaObservations(fixtures);
    const qsizetype synthea = templates.size();
    templates.append(ownShapes());
    out << "templates: " << synthea << " Synthea observations + " << ownShapes().size()
        << " own shapes; " << total << " observations\n";

    const int pageSize = 100;
    const QByteArray whole = bundleOf(templates, 0, total);
    QList<QByteArray> pages;
    for (int first = 0; first < total; first += pageSize)
        pages.append(bundleOf(templates, first, std::min(pageSize, total - first)));
    qint64 pageBytes = 0;
    for (const QByteArray &p : std::as_const(pages))
        pageBytes += p.size();

    const auto report = [&](const char *what, double seconds, qint64 bytes, qint64 resources) {
        out << qSetFieldWidth(50) << Qt::left << what << qSetFieldWidth(0)
            << QString::number(seconds * 1000, 'f', 0) << " ms  "
            << QString::number(double(bytes) / 1e6 / seconds, 'f', 1) << " MB/s  "
            << QString::number(double(resources) / seconds / 1000, 'f', 0) << "k resources/s\n";
    };
    // Kete's parse of `documents` next to simdjson's DOM parse of the same bytes, in this run.
    const auto compare = [&](const char *label, const QList<QByteArray> &documents,
                             qint64 resources) {
        qint64 bytes = 0;
        for (const QByteArray &d : documents)
            bytes += d.size();
        DomBaseline dom(documents);
        // Interleaved, best of many: on a shared machine both sides then meet the same load.
        qsizetype fields = 0;
        int read = 0;
        // What Kete read is freed after the clock stops, as simdjson's document outlives its
        // parse: in Kete the values live on in the record, and freeing them is not reading.
        QList<kete::Result<BundlePage>> kept;
        kept.reserve(documents.size());
        double domSeconds = 1e300;
        double keteSeconds = 1e300;
        for (int run = 0; run < 9; ++run) {
            domSeconds = std::min(domSeconds, best(1, [&] { fields = dom.parseAll(); }));
            if (fields < 0) {
                out << "simdjson could not parse the " << label << " data\n";
                return false;
            }
            keteSeconds = std::min(keteSeconds, best(1, [&] {
                                       for (const QByteArray &d : documents)
                                           kept.append(parseBundlePage(d));
                                   }));
            read = 0;
            for (const kete::Result<BundlePage> &page : std::as_const(kept)) {
                if (page.ok())
                    read +=
                        page->resourceCount() + page->otherResources + page->unreadableResources;
            }
            kept.clear();
        }
        const QByteArray domLabel = QByteArray("simdjson DOM parse, ") + label;
        const QByteArray keteLabel = QByteArray("Kete parseBundlePage, ") + label;
        report(domLabel.constData(), domSeconds, bytes, resources);
        report(keteLabel.constData(), keteSeconds, bytes, resources);
        out << "simdjson ratio " << QString::number(domSeconds / keteSeconds, 'f', 3) << " ("
            << label << "; Kete " << QString::number(double(bytes) / 1e6 / keteSeconds, 'f', 1)
            << " MB/s, simdjson DOM " << QString::number(double(bytes) / 1e6 / domSeconds, 'f', 1)
            << " MB/s; goal >= 0.333)\n";
        if (read != resources) {
            out << "read " << read << " of " << resources << " resources\n";
            return false;
        }
        return true;
    };
    out << "one bundle: " << QString::number(double(whole.size()) / 1e6, 'f', 1) << " MB; "
        << pages.size() << " pages of " << pageSize << ": "
        << QString::number(double(pageBytes) / 1e6, 'f', 1) << " MB\n";

    int parsed = 0;
    report("QJsonDocument::fromJson, one bundle",
           best(3,
                [&] {
                    parsed = int(QJsonDocument::fromJson(whole)
                                     .object()
                                     .value(QLatin1String("entry"))
                                     .toArray()
                                     .size());
                }),
           whole.size(), total);
    report("parseBundlePage -> value types, one bundle",
           best(3, [&] { parsed = int(parseBundlePage(whole)->observations.size()); }),
           whole.size(), total);
    if (parsed != total) {
        out << "parsed " << parsed << " of " << total << "\n";
        return 1;
    }
    report("QJsonDocument::fromJson, pages",
           best(3,
                [&] {
                    for (const QByteArray &p : std::as_const(pages))
                        QJsonDocument::fromJson(p);
                }),
           pageBytes, total);
    report("parseBundlePage, pages",
           best(3,
                [&] {
                    for (const QByteArray &p : std::as_const(pages))
                        parseBundlePage(p);
                }),
           pageBytes, total);
    report("parseBundlePage, pages, thread pool",
           best(3,
                [&] {
                    QtConcurrent::blockingMapped(pages, [](const QByteArray &p) {
                        return int(parseBundlePage(p)->observations.size());
                    });
                }),
           pageBytes, total);

    out << "\none core, the same bytes:\n";
    bool ok = compare("generated, one bundle", {whole}, total);
    ok = compare("generated, pages of 100", pages, total) && ok;

    // The Synthea patient bundles as they are: every resource type, Kete's and others.
    QList<QByteArray> patients;
    qint64 patientResources = 0;
    const QDir dir(fixtures);
    if (!fixtures.isEmpty()) {
        for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                continue;
            patients.append(file.readAll());
            patientResources += QJsonDocument::fromJson(patients.constLast())
                                    .object()
                                    .value(QLatin1String("entry"))
                                    .toArray()
                                    .size();
        }
    }
    if (patients.isEmpty()) {
        out << "no Synthea fixtures (KETE_FIXTURES or the first argument): skipped\n";
    } else {
        qint64 bytes = 0;
        for (const QByteArray &p : std::as_const(patients))
            bytes += p.size();
        out << "Synthea: " << patients.size() << " patient bundles, "
            << QString::number(double(bytes) / 1e6, 'f', 1) << " MB, " << patientResources
            << " resources\n";
        ok = compare("Synthea patient bundles", patients, patientResources) && ok;
    }
    return ok ? 0 : 1;
}
